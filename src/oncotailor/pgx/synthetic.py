"""Writing genotypes as VCF cells from allele sequences: shared by the test fixture generator and the benchmark."""

from __future__ import annotations

from collections.abc import Sequence


def gt_cell(bases: Sequence[str], ref: str, alts: list[str], sep: str = "/") -> str:
    """The GT text for the given strand sequences; new ALT sequences are appended to `alts` (VCF order)."""
    idx = []
    for b in bases:
        if b == ref:
            idx.append("0")
            continue
        if b not in alts:
            alts.append(b)
        idx.append(str(alts.index(b) + 1))
    return sep.join(idx)
