"""Shared helpers for the trials tests: small cases and trials built in code."""

from __future__ import annotations

from typing import Any

import pytest

from oncotailor.case import Case
from oncotailor.trials.model import Criterion, Site, Trial


def make_case(**over: Any) -> Case:
    base: dict[str, Any] = {
        "patient": {"age": 62, "sex": "female", "ecog": 1, "location": {"lat": 52.52, "lon": 13.40},
                    "labs": {"anc": 1.8, "platelets": 150, "ast_x_uln": 3.0, "alt_x_uln": 1.0}},
        "diagnosis": {"cancer_type": "LUAD", "oncotree_code": "LUAD", "stage": "IV", "brain_metastases": "none",
                      "measurable_disease": True, "metastatic_sites": ["bone"]},
        "tumor": {"alterations": ["EGFR L858R"], "tested_genes": ["EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET"]},
        "history": {"prior_therapies": [{"line": 1, "setting": "metastatic", "drugs": ["carboplatin", "pemetrexed"],
                                         "progressed": True, "end_date": "2026-11-10"}]},
        "as_of": "2026-11-24",
    }
    for key, val in over.items():
        if isinstance(val, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **val}
        else:
            base[key] = val
    return Case.model_validate(base)


def make_trial(nct: str, criteria: list[Criterion], *, codes: tuple[str, ...] = ("NSCLC",), status: str = "recruiting",
               phase: str | None = "2", sites: list[Site] | None = None) -> Trial:
    return Trial(nct_id=nct, title=f"trial {nct}", status=status, phase=phase, conditions=list(codes),
                 oncotree_codes=list(codes), criteria=criteria, source_format="ctgov_v2",
                 sites=sites if sites is not None else [Site(facility="Berlin", lat=52.5, lon=13.4)])


@pytest.fixture
def case() -> Case:
    return make_case()
