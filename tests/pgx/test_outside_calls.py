"""Outside-call TSV and notation normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncotailor.errors import InputError
from oncotailor.pgx.engine import call_from_outside
from oncotailor.readers.outside_calls import read_outside_calls

from .vcfgen import tables


def test_tsv_columns_and_header(tmp_path: Path) -> None:
    p = tmp_path / "oc.tsv"
    p.write_text("#comment\ngene\tdiplotype\tphenotype\tactivity score\nCYP2D6\t*1/*4\t\t\nDPYD\t\t\t1.5\nCYP2C19\t\tPoor Metabolizer\n")
    assert read_outside_calls(p) == {"CYP2D6": "*1/*4", "DPYD": "activity score 1.5", "CYP2C19": "Poor Metabolizer"}


@pytest.mark.parametrize(("text", "msg"), [("CYP2D6\t*1/*4\nCYP2D6\t*1/*1\n", "twice"), ("c y p\t*1\n", "gene symbol"),
                                           ("DPYD\t\t\tabc\n", "number"), ("TPMT\n", "needs")])
def test_tsv_errors_name_the_line(tmp_path: Path, text: str, msg: str) -> None:
    p = tmp_path / "oc.tsv"
    p.write_text(text)
    with pytest.raises(InputError, match=msg) as err:
        read_outside_calls(p)
    assert err.value.line is not None


@pytest.mark.parametrize(("gene", "raw", "diplotype", "phenotype", "score"), [
    ("CYP2D6", "*1/*2x2", "*1/*2x2", "Ultrarapid Metabolizer", 3.0),      # CPIC: duplication counts twice
    ("CYP2D6", "*4/*36+*10", "*4/*36+*10", "Intermediate Metabolizer", 0.25),
    ("CYP2D6", "CYP2D6*1x2/*4", "*1x2/*4", "Normal Metabolizer", 2.0),
    ("CYP2D6", "*4/*4", "*4/*4", "Poor Metabolizer", 0.0),
    ("CYP2D6", "*2.001/*41", "*2/*41", "Normal Metabolizer", 1.5),
    ("UGT1A1", "*28/*60", "*1/*28", "Intermediate Metabolizer", None),   # legacy *60 = *1
    ("DPYD", "*1/*2A", "Reference/c.1905+1G>A (*2A)", "Intermediate Metabolizer", 1.0),
    ("DPYD", "activity score 0.5", None, "Poor Metabolizer", 0.5),
    ("TPMT", "IM", None, "Intermediate Metabolizer", None),
])
def test_notation_is_normalised(gene: str, raw: str, diplotype: str | None, phenotype: str, score: float | None) -> None:
    r = call_from_outside(tables(), gene, raw)
    assert (r.diplotypes[0] if r.diplotypes else None) == diplotype
    assert r.phenotype == phenotype and r.activity_score == score and r.source == "outside_call"


def test_unknown_allele_is_indeterminate_not_a_guess() -> None:
    r = call_from_outside(tables(), "CYP2D6", "*1/*999")
    assert r.phenotype == "Indeterminate" and any("*999" in n for n in r.notes)
