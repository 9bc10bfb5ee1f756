"""Batch analysis of a cBioPortal-format study through the same matcher one case uses."""
