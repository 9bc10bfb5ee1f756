"""Readers turn files into a `Case`; every failure is an `InputError` naming file, line and field."""

from oncotailor.readers.dispatch import read_case

__all__ = ["read_case"]
