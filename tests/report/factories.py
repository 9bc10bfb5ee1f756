"""Hand-made reports and cases covering every report section, so views are tested before engines land.

Numbers are illustrative shapes, not clinical facts; URLs point at the kind of source each item cites.
"""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.findings import (
    AlterationItem,
    CaseSummary,
    Condition,
    CriterionVerdict,
    CurvePoint,
    Evidence,
    HereditaryFinding,
    NotAssessed,
    PgxRecommendation,
    PgxResult,
    Question,
    RecurrenceEstimate,
    Report,
    ReportWarning,
    ResistanceMatch,
    RiskModelResult,
    ScreeningItem,
    TherapyMatch,
    TrialMatch,
    TrialSite,
)

LABEL = Evidence(source="FDA label", id="osimertinib-label", url="https://www.accessdata.fda.gov/example/osimertinib",
                 date="2024-02-16", level="1")
CPIC = Evidence(source="CPIC", id="CPIC fluoropyrimidines DPYD", url="https://cpicpgx.org/guidelines/dpyd/",
                date="2024-03-01")
NCCN = Evidence(source="NCCN", id="Genetic/Familial High-Risk Assessment v1.2025", url="https://www.nccn.org/example",
                date="2025-01-01")
PREDICT = Evidence(source="PubMed", id="PMID:29636069", url="https://pubmed.ncbi.nlm.nih.gov/29636069/",
                   date="2018-04-10")


def _curve(five: float, ten: float) -> list[CurvePoint]:
    pts = [CurvePoint(year=0, percent=100.0)]
    for y in range(1, 11):
        p = 100 - (100 - five) * y / 5 if y <= 5 else five - (five - ten) * (y - 5) / 5
        pts.append(CurvePoint(year=y, percent=round(p, 1)))
    return pts


def nsclc_report() -> Report:
    return Report(
        case_id="FX-NSCLC", generated_at="2026-11-24T00:00:00+00:00", software_version="0.1.0",
        knowledge_versions={"therapy_rules": "2026.11", "trials": "snapshot 2026-11-20"}, as_of="2026-11-24",
        summary=CaseSummary(cancer_type="LUAD", oncotree_code="LUAD", cancer_type_name="Lung Adenocarcinoma",
                            stage="IV", age=62, sex="female", specimen="tissue"),
        alterations=[
            AlterationItem(gene="EGFR", alteration="L858R", kind="mutation", hgvsp="p.Leu858Arg", hgvsc="c.2573T>G",
                           consequence="missense_variant", exon=21, vaf=0.34, source="list", classification="actionable",
                           highest_level="1", evidence=[LABEL]),
            AlterationItem(gene="EGFR", alteration="C797S", kind="mutation", hgvsp="p.Cys797Ser", vaf=0.08,
                           source="list", classification="resistance", evidence=[LABEL]),
            AlterationItem(gene="TP53", alteration="R273H", kind="mutation", source="list", vaf=0.41,
                           classification="oncogenic", note="no known therapy"),
        ],
        therapies=[
            TherapyMatch(drugs=["osimertinib"], level="1", amp_tier="IA", escat_tier="I-A", alteration="EGFR L858R",
                         biomarker_rule="EGFR exon 19 deletion or L858R", cancer_type="NSCLC", cancer_type_match="ancestor",
                         approval="fda", line_of_therapy="first line",
                         conditions=[Condition(text="no prior EGFR TKI", status="not_met", detail="progressed on osimertinib")],
                         conditions_met="not_met", evidence=[LABEL]),
            TherapyMatch(drugs=["amivantamab", "lazertinib"], level="1", alteration="EGFR L858R",
                         biomarker_rule="EGFR exon 19 deletion or L858R", cancer_type="NSCLC", cancer_type_match="ancestor",
                         approval="fda", evidence=[LABEL.model_copy(update={"id": "amivantamab-label"})]),
            TherapyMatch(drugs=["erlotinib"], level="3B", alteration="EGFR L858R", biomarker_rule="EGFR L858R <script>",
                         cancer_type_match="other", approval="off_label", evidence=[]),
        ],
        resistance=[ResistanceMatch(drugs=["osimertinib"], level="R1", alteration="EGFR C797S",
                                    explanation="C797S blocks covalent binding of osimertinib.",
                                    alternatives=["amivantamab"], acquired=True, evidence=[LABEL])],
        trials=[TrialMatch(
            nct_id="NCT01234567", title="A study of drug X in EGFR-mutant lung cancer", status="RECRUITING",
            phase="PHASE2", score=0.82, biomarker_selected=True,
            met=[CriterionVerdict(criterion="EGFR mutation", evidence="EGFR L858R")],
            not_met=[CriterionVerdict(criterion="No prior osimertinib", evidence="prior osimertinib", exclusion=True)],
            unknown=[CriterionVerdict(criterion="Adequate liver function", evidence="bilirubin missing",
                                      settle_with="bilirubin blood test")],
            nearest_site=TrialSite(facility="Charité", city="Berlin", country="DE", distance_km=3.2,
                                   contact="trials@example.org"),
            url="https://clinicaltrials.gov/study/NCT01234567", snapshot_date="2026-11-20")],
        questions=[Question(text="Should a new biopsy check for MET amplification?", why="MET amplification is a "
                            "common resistance route.", topic="testing")],
        not_assessed=[NotAssessed(section="pgx", reason="no germline data", needed_input="a germline VCF or PGx calls"),
                      NotAssessed(section="recurrence", reason="no model for metastatic disease")],
        warnings=[ReportWarning(code="tumor.no_panel", message="tested genes unknown: absence is not negative")],
    )


def breast_report() -> Report:
    steps = [("surgery only", 78.0, None), ("+ hormone therapy", 83.0, 5.0), ("+ chemotherapy", 86.0, 3.0)]
    return Report(
        case_id="FX-BREAST", generated_at="2026-11-24T00:00:00+00:00", software_version="0.1.0",
        knowledge_versions={"hereditary": "2026.11", "PREDICT": "v2.1"}, as_of="2026-11-24",
        summary=CaseSummary(cancer_type="IDC", oncotree_code="IDC", cancer_type_name="Breast Invasive Ductal Carcinoma",
                            stage="IIA", age=44, sex="female"),
        therapies=[TherapyMatch(drugs=["olaparib"], level="1", alteration="BRCA2 c.5946delT (germline)",
                                biomarker_rule="germline BRCA1/2 pathogenic", cancer_type="BREAST",
                                cancer_type_match="ancestor", approval="fda", evidence=[LABEL.model_copy(
                                    update={"id": "olaparib-label"})])],
        hereditary=[HereditaryFinding(gene="BRCA2", variant="c.5946delT", classification="pathogenic",
                                      syndrome="Hereditary breast and ovarian cancer", cancers=["breast", "ovarian",
                                      "pancreatic", "prostate"], management=["annual breast MRI from age 30"],
                                      therapy_relevance="PARP inhibitor eligibility", cascade_testing="first-degree relatives",
                                      evidence=[NCCN])],
        risk_models=[
            RiskModelResult(model="BCRAT", outcome="invasive breast cancer", horizon="5y", percent=3.1,
                            average_percent=1.2, valid=True, evidence=[NCCN]),
            RiskModelResult(model="CCRAT", outcome="colorectal cancer", horizon="5y", valid=False,
                            refusal_reason="The model needs your vegetable intake.", evidence=[NCCN]),
        ],
        screening=[ScreeningItem(cancer="breast", test="breast MRI", start_age=30, interval="every year",
                                 reason="BRCA2 carrier", risk_category="high", evidence=[NCCN])],
        recurrence=[RecurrenceEstimate(model="PREDICT v2.1", outcome="overall survival", horizon="10y", treatment=t,
                                       percent=p, benefit_points=b, valid=True, curve=_curve(90 + (p - 78) / 2, p),
                                       evidence=[PREDICT]) for t, p, b in steps],
        not_assessed=[NotAssessed(section="therapy", reason="no tumor sequencing", needed_input="tumor panel results")],
    )


def colorectal_report() -> Report:
    return Report(
        case_id="FX-CRC", generated_at="2026-11-24T00:00:00+00:00", software_version="0.1.0",
        knowledge_versions={"cpic": "2024-03"}, as_of="2026-11-24",
        summary=CaseSummary(cancer_type="COAD", cancer_type_name="Colon Adenocarcinoma", stage="IV", age=58, sex="male"),
        alterations=[AlterationItem(gene="KRAS", alteration="G12D", kind="mutation", source="vcf", vaf=0.3,
                                    classification="resistance", evidence=[LABEL])],
        resistance=[ResistanceMatch(drugs=["cetuximab"], level="R1", alteration="KRAS G12D",
                                    explanation="RAS mutations predict no benefit from anti-EGFR antibodies.",
                                    evidence=[LABEL])],
        pgx=[PgxResult(gene="DPYD", diplotypes=["c.1905+1G>A/Reference"], call_status="called",
                       phenotype="Intermediate Metabolizer", activity_score=1.0, source="vcf",
                       recommendations=[PgxRecommendation(drug="capecitabine", text="Reduce starting dose by 50%.",
                                                          patient_text="You may need a lower dose of capecitabine.",
                                                          strength="Strong", action="adjust_dose", evidence=[CPIC])],
                       evidence=[CPIC])],
        therapies=[],
        not_assessed=[NotAssessed(section="trials", reason="no location given", needed_input="your postcode")],
    )


def empty_report() -> Report:
    return Report(case_id="FX-EMPTY", generated_at="2026-11-24T00:00:00+00:00", software_version="0.1.0",
                  as_of="2026-11-24")


def nsclc_case() -> Case:
    return Case.model_validate({"patient": {"id": "FX-NSCLC", "age": 62, "sex": "female"},
                                "diagnosis": {"cancer_type": "LUAD", "stage": "IV"},
                                "tumor": {"alterations": ["EGFR L858R"]}})


def breast_case() -> Case:
    return Case.model_validate({"patient": {"id": "FX-BREAST", "age": 44, "sex": "female"},
                                "diagnosis": {"cancer_type": "IDC", "stage": "IIA"},
                                "family_history": [{"relation": "sister", "cancer": "breast", "age_at_diagnosis": 40},
                                                   {"relation": "mother", "cancer": "ovarian"}]})


def colorectal_case() -> Case:
    return Case.model_validate({"patient": {"id": "FX-CRC", "age": 58, "sex": "male"},
                                "diagnosis": {"cancer_type": "COAD", "stage": "IV"},
                                "tumor": {"alterations": ["KRAS G12D"]}})


ALL = {"nsclc": (nsclc_case, nsclc_report), "breast": (breast_case, breast_report),
       "colorectal": (colorectal_case, colorectal_report)}
