"""Any well-formed case gives an answer or an honest "not assessed" — never an exception or a silly number."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.engine import assess
from tests.risk.conftest import make_case

KB = KnowledgeBase()
opt = st.none() | st.booleans()
smoking = st.none() | st.fixed_dictionaries({
    "status": st.sampled_from(["never", "former", "current"]),
    "pack_years": st.none() | st.floats(0, 150), "cigarettes_per_day": st.none() | st.floats(0, 80),
    "years_smoked": st.none() | st.floats(0, 70), "years_since_quit": st.none() | st.floats(0, 60)})
risk_factors = st.fixed_dictionaries({
    "race_ethnicity": st.sampled_from([None, "white", "black", "hispanic", "hispanic_us_born", "chinese", "other",
                                       "filipino", "american_indian", "martian"]),
    "age_at_menarche": st.none() | st.integers(8, 18), "breast_biopsies": st.none() | st.integers(0, 5),
    "age_at_first_live_birth": st.none() | st.just("nulliparous") | st.integers(14, 45),
    "atypical_hyperplasia": opt, "bmi": st.none() | st.floats(15, 60), "copd": opt, "colonoscopy_last_10y": opt,
    "polyp_last_10y": opt, "regular_aspirin": opt, "regular_nsaid": opt, "estrogen_last_2y": opt,
    "education": st.sampled_from([None, "high_school", "postgraduate", "3"]),
    "vigorous_activity_hours_per_week": st.none() | st.floats(0, 20),
    "vegetable_servings_per_week": st.none() | st.floats(0, 40), "smoking": smoking,
    "scores": st.none() | st.fixed_dictionaries({"tyrer_cuzick_lifetime": st.floats(0, 100)})})
family = st.none() | st.lists(st.fixed_dictionaries({
    "relation": st.sampled_from(["mother", "father", "sister", "aunt", "cousin", "son"]),
    "cancer": st.sampled_from([None, "breast", "colon", "endometrial", "lung", "stomach", "glioblastoma", "xyz"]),
    "age_at_diagnosis": st.none() | st.integers(20, 90)}), max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(age=st.none() | st.floats(18, 95), sex=st.sampled_from([None, "female", "male", "other"]),
       menopause=st.sampled_from([None, "pre", "post"]), rf=st.none() | risk_factors, fam=family,
       variants=st.lists(st.sampled_from(["BRCA1 c.68_69delAG", "MUTYH c.536A>G pathogenic", "TP53 c.524G>A",
                                          "MSH6 c.3261dupC", "RET c.1900T>C"]), max_size=2))
def test_never_raises_and_percents_are_probabilities(age, sex, menopause, rf, fam, variants) -> None:  # type: ignore[no-untyped-def]
    case = make_case(patient={"age": age, "sex": sex, "menopausal_status": menopause}, risk_factors=rf,
                     family_history=fam, germline={"variants": variants})
    out = assess(case, KB)
    for r in out.risk_models:
        if r.valid:
            assert r.percent is not None and 0 <= r.percent <= 100 and r.interpretation
        else:
            assert r.percent is None and r.refusal_reason
    for s in out.screening:
        assert s.evidence and s.reason
