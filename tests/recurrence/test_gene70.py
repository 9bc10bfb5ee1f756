"""70-gene correlation classifier: Pearson by hand, good/poor by the 0.4 threshold, refusals, cohort validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oncotailor.case import Case
from oncotailor.knowledge import default_kb
from oncotailor.recurrence import gene70, validate
from oncotailor.recurrence.engine import assess


def test_pearson_by_hand():
    # x = (1, 2, 3), y = (1, 3, 2): means 2, 2; sxy = (-1)(-1) + 0 + (1)(0) = 1; sxx = syy = 2 -> r = 0.5
    assert gene70.pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert gene70.classify(0.41, 0.4) == "good" and gene70.classify(0.4, 0.4) == "poor"


def _reporters():
    return default_kb().table(gene70.TABLE, gene70.ReporterRow)


def _case(values, scale="log2_ratio", platform="microarray"):
    return Case.model_validate({
        "patient": {"sex": "female"}, "diagnosis": {"cancer_type": "IDC", "er": "positive", "tumor_size_mm": 15},
        "tumor": {"expression": {"scale": scale, "platform": platform, "values": values}}})


def _g70(case):
    return [e for e in assess(case, default_kb()).recurrence if e.model == "GENE70"]


def _profile(sign: float) -> dict[str, float]:
    """Gene-level values proportional to the template (sign +1) or its mirror (sign -1), via published symbols."""
    out: dict[str, float] = {}
    for r in _reporters():
        if r.published_symbol:
            out.setdefault(r.published_symbol, sign * r.template * 3.3 + 0.1)
    return out


def test_table_has_70_reporters_and_55_named():
    rows = _reporters()
    assert len(rows) == 70 and sum(1 for r in rows if r.gene) == 55


def test_template_like_profile_is_good_mirror_is_poor():
    [good] = _g70(_case(_profile(+1)))
    [poor] = _g70(_case(_profile(-1)))
    assert good.valid and good.group == "good" and good.score > 0.9 and good.percent == 85.2
    assert poor.valid and poor.group == "poor" and poor.score < -0.9 and poor.percent == 50.6
    assert "55 of 70" in good.approximation


def test_missing_genes_refused_and_listed():
    values = _profile(+1)
    values.pop("SCUBE2")
    values.pop("MELK")
    [e] = _g70(_case(values))
    assert not e.valid and e.score is None and "SCUBE2" in e.refusal_reason and "MELK" in e.refusal_reason


def test_absolute_scale_refused():
    [e] = _g70(_case(_profile(+1), scale="log2_normalised"))
    assert not e.valid and "ratio" in e.refusal_reason


def _tiny_cohort(n: int = 60):
    """Half the tumours follow the template, half its mirror; the mirror half has a 5-fold metastasis hazard."""
    rng = np.random.default_rng(3)
    reps = [r for r in _reporters() if r.entrez is not None][:12]
    probes = [f"p{i}" for i in range(len(reps))]
    annot = pd.DataFrame({"probe": probes, "EntrezGene.ID": [r.entrez for r in reps]})
    t = np.array([r.template for r in reps])
    rows, clin = [], []
    for i in range(n):
        sign = 1 if i % 2 == 0 else -1
        rows.append(5 + sign * t * 4 + rng.normal(0, 0.02, len(t)))
        days = rng.exponential(3650 if sign > 0 else 730)
        clin.append({"sample": f"s{i}", "t.dmfs": min(days, 3650), "e.dmfs": int(days < 3650)})
    expr = pd.DataFrame(rows, columns=probes).assign(sample=[f"s{i}" for i in range(n)])
    return expr, annot, pd.DataFrame(clin)


def test_cohort_validation_on_tiny_fixture():
    expr, annot, clinical = _tiny_cohort()
    s = validate.gene70_cohort(expr, annot, clinical)
    wanted = set(annot["EntrezGene.ID"])
    assert s.n == 60 and s.reporters_used == sum(1 for r in _reporters() if r.entrez in wanted)
    assert s.share_poor == pytest.approx(0.5)
    assert s.hazard_ratio > 3 and s.logrank_p < 0.01


def test_vdx_separation(shared_data):
    s = validate.gene70_vdx(shared_data / "risk" / "genefu")
    assert s.n == 150 and s.events == 47 and s.reporters_used == 16
    assert 0.5 < s.share_poor < 0.95
    assert s.hazard_ratio > 1 and s.hr_low < s.hazard_ratio < s.hr_high


def test_nki_separation_training_overlap(shared_data):
    s = validate.gene70_vdx(shared_data / "risk" / "genefu", prefix="nkis")
    assert s.reporters_used >= 50 and s.hazard_ratio > 2 and s.logrank_p < 0.01
