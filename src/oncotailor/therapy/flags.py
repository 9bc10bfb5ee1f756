"""Cautions on single alterations: possibly inherited (tumor-only), possibly clonal haematopoiesis (plasma).

Thresholds and gene lists are data (`knowledge/data/genes/germline_chip.yaml`, cited per row).
"""

from __future__ import annotations

from oncotailor.case import Alteration, Tumor
from oncotailor.findings import Evidence
from oncotailor.therapy.gene_tables import GeneCaution

GERMLINE_NOTE = "possibly inherited — confirm with germline testing"
CHIP_NOTE = "may be clonal haematopoiesis (blood-cell origin) — confirm in tumor tissue or matched blood"


def _germline(alt: Alteration, c: GeneCaution) -> bool:
    vaf = alt.vaf
    if vaf is None or alt.kind.value != "mutation":
        return False
    het = c.het_vaf_min is not None and c.het_vaf_max is not None and c.het_vaf_min <= vaf <= c.het_vaf_max
    hom = c.hom_vaf_min is not None and vaf >= c.hom_vaf_min
    return het or hom


def _chip(alt: Alteration, c: GeneCaution) -> bool:
    if alt.kind.value != "mutation":
        return False
    if c.max_vaf is None:
        return True
    return alt.vaf is not None and alt.vaf <= c.max_vaf


def cautions(alt: Alteration, tumor: Tumor, table: list[GeneCaution]) -> list[tuple[str, str, Evidence]]:
    """(flag, note, evidence) for one alteration; empty when none applies."""
    out: list[tuple[str, str, Evidence]] = []
    tumor_only = tumor.normal_sample is None
    plasma = tumor.specimen is not None and tumor.specimen.value == "plasma"
    for c in table:
        if c.gene != alt.gene:
            continue
        ev = Evidence(source=c.source, url=c.url, date=c.date)
        if c.category == "predisposition" and tumor_only and _germline(alt, c):
            out.append(("possible_germline", GERMLINE_NOTE, ev))
        elif c.category == "chip" and plasma and _chip(alt, c):
            out.append(("possible_chip", CHIP_NOTE, ev))
    return out
