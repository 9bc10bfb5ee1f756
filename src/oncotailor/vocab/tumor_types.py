"""Cancer type names and codes → OncoTree (placeholder: codes pass through; the OncoTree table lands with the vocab work)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TumorType:
    code: str
    name: str
    main_type: str | None
    tissue: str | None
    ancestors: tuple[str, ...]  # root → parent, e.g. ("TISSUE", "LUNG", "NSCLC")
    solid: bool = True


def resolve_cancer_type(name: str) -> TumorType:
    code = name.strip().upper()
    return TumorType(code=code, name=name, main_type=None, tissue=None, ancestors=("TISSUE",))
