"""Prostate cancer's hormone setting, read once for every engine that needs it (therapy labels, trials).

Castration-resistant prostate cancer is, clinically, progression despite androgen deprivation; so when the
case does not state `diagnosis.castration_status`, progression on androgen deprivation or on an
androgen-receptor pathway inhibitor in the treatment history reads as castration-resistant. Without either,
the setting is unknown — never assumed hormone-sensitive.
"""

from __future__ import annotations

from oncotailor.case import Case

HORMONAL_CLASSES = frozenset({"androgen_deprivation", "gnrh_agonist", "gnrh_antagonist", "ar_pathway_inhibitor"})


def castration_status(case: Case) -> tuple[str | None, str | None]:
    """(`sensitive` / `resistant` / None, how it was known)."""
    d = case.diagnosis
    if d is not None and d.castration_status is not None:
        return d.castration_status, f"castration-{d.castration_status}"
    lines = case.history.prior_therapies if case.history is not None else None
    if lines:
        from oncotailor.vocab.drugs import drug_classes

        hit = sorted({drug for ln in lines if ln.progressed or ln.best_response == "PD" for drug in ln.drugs
                      if drug_classes(drug) & HORMONAL_CLASSES})
        if hit:
            return "resistant", f"progressed on {', '.join(hit)}: castration-resistant"
    return None, None
