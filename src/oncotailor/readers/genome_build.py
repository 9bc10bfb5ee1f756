"""Which reference genome a VCF/MAF was called against, and refusing it when the case says otherwise.

Evidence, strongest first: `##contig` lengths of the primary chromosomes (they differ between builds);
`assembly=` tags and the `##reference` path; VEP's `assembly="GRCh3x"` header. Lengths are the GRC
assembly reports for GRCh37.p13 (GCF_000001405.25) and GRCh38.p14 (GCF_000001405.40).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oncotailor.errors import GenomeBuildError

_GRCH37 = (249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663, 146364022, 141213431,
           135534747, 135006516, 133851895, 115169878, 107349540, 102531392, 90354753, 81195210, 78077248,
           59128983, 63025520, 48129895, 51304566, 155270560, 59373566)
_GRCH38 = (248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636, 138394717,
           133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345, 83257441, 80373285,
           58617616, 64444167, 46709983, 50818468, 156040895, 57227415)
_NAMES = [*(str(i) for i in range(1, 23)), "X", "Y"]
CONTIG_LENGTHS: dict[str, dict[str, int]] = {
    "GRCh37": dict(zip(_NAMES, _GRCH37, strict=True)),
    "GRCh38": dict(zip(_NAMES, _GRCH38, strict=True)),
}
_ALIASES = (
    ("GRCh38", re.compile(r"grch38|hg38|hs38|\bb38\b|GCA_000001405\.15|GCF_000001405\.(?:2[6-9]|3\d|40)", re.I)),
    ("GRCh37", re.compile(r"grch37|hg19|hs37|\bb37\b|human_g1k_v37|GCA_000001405\.1\b|GCF_000001405\.(?:1\d|2[0-5])\b", re.I)),
)


@dataclass(frozen=True)
class BuildEvidence:
    build: str
    why: str
    line: int | None = None


def build_from_text(text: str) -> str | None:
    """GRCh37/GRCh38 from a name such as 'hg19', 'GRCh38.p14', '37' (MAF NCBI_Build) or a path."""
    t = text.strip()
    if t in {"37", "38"}:
        return f"GRCh{t}"
    for build, pattern in _ALIASES:
        if pattern.search(t):
            return build
    return None


def _contig(line: str) -> tuple[str, int | None, str | None]:
    cid = re.search(r"[<,]ID=([^,>]+)", line)
    length = re.search(r"[<,]length=(\d+)", line)
    asm = re.search(r"[<,]assembly=([^,>]+)", line)
    return (cid.group(1) if cid else "", int(length.group(1)) if length else None, asm.group(1) if asm else None)


def detect_build(meta_lines: list[str]) -> BuildEvidence | None:
    """Scan `##` header lines (1-based line = index + 1); contig lengths outrank names."""
    by_name: BuildEvidence | None = None
    for i, line in enumerate(meta_lines, start=1):
        if line.startswith("##contig="):
            cid, length, asm = _contig(line)
            key = cid[3:] if cid.lower().startswith("chr") else cid
            key = "X" if key == "23" else key
            if length is not None and key in CONTIG_LENGTHS["GRCh38"]:
                for build, table in CONTIG_LENGTHS.items():
                    if table[key] == length:
                        return BuildEvidence(build, f"contig {cid} has the {build} length {length}", i)
            if asm and by_name is None and (b := build_from_text(asm)):
                by_name = BuildEvidence(b, f"contig assembly tag '{asm[:40]}'", i)
        elif by_name is None and (line.startswith("##reference=") or line.startswith("##assembly=")
                                  or line.startswith("##VEP")):
            text = line.split("=", 1)[1]
            if line.startswith("##VEP"):
                m = re.search(r'assembly="?([^"\s]+)', line)
                text = m.group(1) if m else ""
            if b := build_from_text(text):
                by_name = BuildEvidence(b, f"header line '{line.split('=', 1)[0]}' names {b}", i)
    return by_name


def check_build(found: BuildEvidence | None, expected: str | None, *, field: str = "tumor.genome_build") -> None:
    """Refuse a file called on another build than the case's (GRCh38 unless the case says GRCh37)."""
    want = expected or "GRCh38"
    if found is not None and found.build != want:
        raise GenomeBuildError(
            f"the file is on {found.build} ({found.why}) but the case's genome build is {want}",
            line=found.line,
            hint=f"set {field}: {found.build} in the case file, or lift the file over to {want}",
        )
