"""PREMM5: independent computation from the published coefficients, case reading, refusals."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import premm5
from oncotailor.risk.premm5 import Premm5Inputs
from tests.risk.conftest import make_case


def _published(shared: Path) -> dict[str, list[float]]:
    with (shared / "risk/published_coefficients/premm5_coefficients.csv").open() as fh:
        return {r["gene"]: [float(v) for k, v in r.items() if k != "gene"] for r in csv.DictReader(fh)}


def _reference(coef: dict[str, list[float]], v: list[float]) -> float:
    """p_any = Σ exp(lp_g) / (1 + Σ exp(lp_g)), V0..V10 in the publication's order (no age truncation here)."""
    lps = [c[0] + sum(b * x for b, x in zip(c[1:], v, strict=True)) for c in coef.values()]
    e = [math.exp(lp) for lp in lps]
    return sum(e) / (1 + sum(e))


def _score(n1: int, n2: int) -> float:
    return (1 if n1 == 1 else 2 if n1 >= 2 else 0) + (0.5 if n2 == 1 else 1 if n2 >= 2 else 0)


def test_matches_published_model_on_grid(shared_data: Path, kb: KnowledgeBase) -> None:
    coef = _published(shared_data)
    worst, n = 0.0, 0
    # ages chosen inside the truncation limits so the untruncated reference applies
    for male, crc, ec, other, fdr_crc, sdr_crc, fdr_ec, age, crc_age, fdr_age in itertools.product(
            (False, True), (0, 1, 2), (False, True), (False, True), (0, 1, 2), (0, 1, 3), (0, 1, 2),
            (30, 55, 75), (40, 60), (45, 70)):
        x = Premm5Inputs(male=male, age=age, crc_count=crc, endometrial=ec, other_lynch=other, fdr_crc=fdr_crc,
                         sdr_crc=sdr_crc, fdr_ec=fdr_ec, sdr_ec=0, fdr_other=other, sdr_other=False,
                         youngest_crc={"proband": crc_age if crc else None, "fdr": fdr_age if fdr_crc else None},
                         youngest_ec={"fdr": 50 if fdr_ec else None, "proband": 55 if ec else None})
        v = [float(male), float(crc == 1), float(crc >= 2), float(ec), float(other), _score(fdr_crc, sdr_crc),
             _score(fdr_ec, 0), 1.0 if other else 0.0,
             (crc_age - 45 if crc else 0) + (fdr_age - 45 if fdr_crc else 0),
             (50 - 45 if fdr_ec else 0) + (55 - 45 if ec else 0), float(age)]
        worst = max(worst, abs(premm5.probabilities(x, kb)["any"] - _reference(coef, v)))
        n += 1
    assert n == 2 * 3 * 2 * 2 * 3 * 3 * 3 * 3 * 2 * 2
    assert worst < 1e-12, worst


def test_age_truncation_is_applied(kb: KnowledgeBase) -> None:
    young = Premm5Inputs(male=False, age=90, crc_count=1, endometrial=False, other_lynch=False,
                         youngest_crc={"proband": 20})
    clamped = Premm5Inputs(male=False, age=83, crc_count=1, endometrial=False, other_lynch=False,
                           youngest_crc={"proband": 27})
    assert premm5.probabilities(young, kb)["any"] == pytest.approx(premm5.probabilities(clamped, kb)["any"], abs=1e-15)


def test_case_reading_counts_relatives_by_degree(kb: KnowledgeBase) -> None:
    case = make_case(patient={"age": 48, "sex": "female", "prior_cancers": [{"cancer": "endometrial cancer",
                                                                             "age_at_diagnosis": 46}]},
                     diagnosis={"cancer_type": "COAD", "age_at_diagnosis": 47},
                     family_history=[{"relation": "mother", "cancer": "colon cancer", "age_at_diagnosis": 52},
                                     {"relation": "aunt", "cancer": "rectal cancer", "age_at_diagnosis": 60},
                                     {"relation": "uncle", "cancer": "stomach cancer", "age_at_diagnosis": 65}])
    (r,) = premm5.evaluate(case, kb).results
    x = Premm5Inputs(male=False, age=48, crc_count=1, endometrial=True, other_lynch=False, fdr_crc=1, sdr_crc=1,
                     sdr_other=True, youngest_crc={"proband": 47, "fdr": 52, "sdr": 60},
                     youngest_ec={"proband": 46})
    assert r.valid and r.percent == pytest.approx(100 * premm5.probabilities(x, kb)["any"], abs=1e-12)
    assert r.percent > premm5.TESTING_THRESHOLD and "at or above" in (r.interpretation or "")


def test_refusals_and_missing(kb: KnowledgeBase) -> None:
    child = premm5.evaluate(make_case(patient={"age": 16, "sex": "male"}, family_history=[]), kb)
    assert not child.results[0].valid and "below 18" in (child.results[0].refusal_reason or "")
    young = premm5.evaluate(make_case(patient={"age": 22, "sex": "male", "prior_cancers": []}, family_history=[]), kb)
    assert young.results[0].valid and "less certain" in (young.results[0].interpretation or "")
    carrier = premm5.evaluate(make_case(patient={"age": 40, "sex": "male"}), kb, frozenset({"MLH1"}))
    assert not carrier.results[0].valid and "MLH1" in (carrier.results[0].refusal_reason or "")
    missing = premm5.evaluate(make_case(patient={"age": 40}), kb).missing
    assert missing is not None and any("family_history" in n for n in missing.needed)
    assert any("sex" in n for n in missing.needed)
