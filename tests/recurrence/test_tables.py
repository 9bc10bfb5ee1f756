"""Our recurrence tables against the public reference files (facts re-checked, not copied) and their integrity."""

from __future__ import annotations

import csv
import itertools

import pytest

from oncotailor.knowledge import default_kb
from oncotailor.recurrence import gene70, rs21
from oncotailor.recurrence.model_base import ModelRow, NamedValue, named_values
from oncotailor.recurrence.predict import ValidationRow

PREDICT_NAMES = {  # shared transcription (model_part, term) -> our row name
    ("ER+", "age_term1"): "erpos.age1", ("ER+", "age_term2"): "erpos.age2", ("ER+", "size"): "erpos.size",
    ("ER+", "nodes"): "erpos.nodes", ("ER+", "grade"): "erpos.grade", ("ER+", "screen_detected"): "erpos.screen",
    ("ER-", "age"): "erneg.age", ("ER-", "size"): "erneg.size", ("ER-", "nodes"): "erneg.nodes",
    ("ER-", "grade"): "erneg.grade", ("any", "her2_pos"): "her2_pos", ("any", "her2_neg"): "her2_neg",
    ("ER+", "ki67_pos"): "erpos.ki67_pos", ("ER+", "ki67_neg"): "erpos.ki67_neg", ("other_mortality", "age"): "other.age",
    ("treatment", "chemo_2nd_gen"): "rx.chemo_2nd", ("treatment", "chemo_3rd_gen"): "rx.chemo_3rd",
    ("treatment", "hormone_ER+"): "rx.hormone", ("treatment", "trastuzumab_HER2+"): "rx.trastuzumab",
    ("treatment", "bisphosphonate_postmenopausal"): "rx.bisphosphonate",
}


def test_predict_coefficients_match_shared_transcription(shared_data):
    ours = named_values(default_kb(), "recurrence/predict_v2_1")
    with (shared_data / "risk" / "predict_breast" / "predict_v2_1_coefficients.csv").open() as fh:
        rows = {(r["model_part"], r["term"]): r for r in csv.DictReader(fh)}
    for key, name in PREDICT_NAMES.items():
        assert ours[name] == pytest.approx(float(rows[key]["coefficient"]), abs=0), name


PREDICT_V3_NAMES = {  # developers' coefficient names (coefficients_v3.csv) -> our row name
    "ag1_er0": "erneg.age1", "ag2_er0": "erneg.age2", "sz1_er0": "erneg.size", "nd1_er0": "erneg.nodes",
    "gr1_er0": "erneg.grade", "sc1_er0": "erneg.screen", "yr1_er0": "erneg.year",
    "ag1_er1": "erpos.age1", "ag2_er1": "erpos.age2", "sz1_er1": "erpos.size", "nd1_er1": "erpos.nodes",
    "gr1_er1": "erpos.grade", "sc1_er1": "erpos.screen", "yr1_er1": "erpos.year",
    "ag_ot_ea.beta.1": "other.age1", "ag_ot_ea.beta.2": "other.age2", "yr_ot_ea.beta": "other.year",
    "h0_br_i": "base.erneg.i", "h0_br_t1": "base.erneg.t1", "h0_br_t2": "base.erneg.t2",
    "h1_br_i": "base.erpos.i", "h1_br_t1": "base.erpos.t1", "h1_br_t2": "base.erpos.t2",
    "h_ot_i": "base.other.i", "h_ot_t1": "base.other.t1", "h_ot_t2": "base.other.t2",
}


def test_predict_v3_coefficients_match_developers_file(shared_data):
    ours = named_values(default_kb(), "recurrence/predict_v3")
    with (shared_data / "risk" / "predict_breast" / "predict_v3_coefficients.csv").open() as fh:
        theirs = {r["variable"]: float(r["beta"]) for r in csv.DictReader(fh)}
    assert set(theirs) == set(PREDICT_V3_NAMES)
    for key, name in PREDICT_V3_NAMES.items():
        assert ours[name] == theirs[key], name


def test_predict_tables_have_unique_names_and_cited_validation():
    kb = default_kb()
    for table in ("recurrence/predict_v2_1", "recurrence/predict_v3"):
        names = [r.name for r in kb.table(table, NamedValue)]
        assert len(names) == len(set(names)), table
    rows = kb.table("recurrence/predict_validation", ValidationRow)
    assert {r.model for r in rows} == {"PREDICT v2.1", "PREDICT v3"}
    assert all(r.citation.url and r.citation.date for r in rows)


def test_rs21_weights_match_genefu_combined_weights(shared_data):
    f = rs21.Formula.load(default_kb())
    coef = {g.name: g.coefficient for g in f.groups}
    ours = {g.name: coef[g.group] * g.weight for g in f.genes}
    alias = {"CTSL2": "CTSV"}
    with (shared_data / "risk" / "genefu" / "sig_oncotypedx.csv").open() as fh:
        for r in csv.DictReader(fh):
            if r["group"] != "reference":
                assert ours[alias.get(r["symbol"], r["symbol"])] == pytest.approx(float(r["weight"]), abs=1e-12)
            else:
                assert r["symbol"] in {x.name for x in f.references}


def test_gene70_template_matches_genefu(shared_data):
    ours = {r.reporter: r.template for r in default_kb().table(gene70.TABLE, gene70.ReporterRow)}
    with (shared_data / "risk" / "genefu" / "sig_gene70.csv").open() as fh:
        theirs = {r["probe"]: float(r["average.good.prognosis.profile"]) for r in csv.DictReader(fh)}
    assert ours == theirs


def test_every_model_row_cites_dated_sources():
    rows = default_kb().table("recurrence/models", ModelRow)
    assert {r.model for r in rows} == {"PREDICT v2.1", "PREDICT v3", "RS21", "GENE70", "GBSG2 Cox (research)"}
    assert all(c.date and c.url for r in rows for c in r.citations)


def test_band_tables_cover_0_to_100_without_gaps():
    bands = default_kb().table("recurrence/rs21_groups", rs21.BandRow)
    for scheme in ("Paik 2004", "TAILORx"):
        rows = sorted((b for b in bands if b.scheme == scheme), key=lambda b: b.lo)
        assert rows[0].lo == 0 and rows[-1].hi > 100
        assert all(a.hi == b.lo for a, b in itertools.pairwise(rows))
