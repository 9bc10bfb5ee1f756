"""Renderers: the report JSON is canonical; HTML, patient HTML, PDF and FHIR are views of it."""

from oncotailor.report.render import FORMATS, render

__all__ = ["FORMATS", "render"]
