"""The VCF header: meta lines, sample columns, annotation field orders, tumor/normal sample tags.

VCF 4.x (samtools hts-specs VCFv4.3 §1.3–1.5): the file opens with `##fileformat=VCFv4.x`, meta lines
start with `##`, then one `#CHROM POS ID REF ALT QUAL FILTER INFO [FORMAT sample…]` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from oncotailor.errors import InputError
from oncotailor.readers.annotations import fields_from_header

FIXED = ("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")


@dataclass
class VcfHeader:
    meta: list[str]
    columns: list[str]
    samples: list[str]
    lines: int  # header lines including #CHROM
    info: dict[str, str] = field(default_factory=dict)  # INFO ID → Description
    csq_fields: list[str] | None = None
    ann_fields: list[str] | None = None
    tumor_tag: str | None = None
    normal_tag: str | None = None

    @property
    def annotated(self) -> bool:
        return bool(self.csq_fields or self.ann_fields)


def split_header(data: bytes) -> tuple[list[str], int]:
    """The header lines (decoded) and the byte offset where records start; header must be text."""
    lines: list[str] = []
    pos = 0
    while pos < len(data) and data[pos:pos + 1] == b"#":
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        try:
            lines.append(data[pos:end].decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError:
            raise InputError("the VCF header is not UTF-8 text", line=len(lines) + 1) from None
        pos = end + 1
        if lines[-1].startswith("#CHROM"):
            break
    return lines, pos


def parse_header(lines: list[str]) -> VcfHeader:
    """Validate and read the header lines; errors name the line."""
    if not lines or not lines[0].startswith("##fileformat=VCF"):
        first = lines[0] if lines else ""
        msg = ("header-less VCF: the file must start with a '##fileformat=VCFv4.x' line"
               if first.startswith("#CHROM") or not lines else
               "not a VCF: the first line is not '##fileformat=VCFv4.x'")
        raise InputError(msg, line=1)
    if not lines[-1].startswith("#CHROM"):
        raise InputError("the VCF header has no '#CHROM POS ID REF ALT QUAL FILTER INFO' column line",
                         line=len(lines) + 1)
    columns = lines[-1].split("\t")
    if tuple(columns[:8]) != FIXED:
        raise InputError("the #CHROM line must list CHROM POS ID REF ALT QUAL FILTER INFO, tab-separated",
                         line=len(lines), field="#CHROM")
    if len(columns) > 8 and columns[8] != "FORMAT":
        raise InputError("the ninth column must be FORMAT", line=len(lines), field=columns[8][:40])
    samples = columns[9:]
    if len(set(samples)) != len(samples):
        raise InputError("sample names repeat in the #CHROM line", line=len(lines))
    head = VcfHeader(meta=lines[:-1], columns=columns, samples=samples, lines=len(lines))
    for line in head.meta:
        if line.startswith("##INFO=<"):
            m = re.search(r"ID=([^,>]+)", line)
            d = re.search(r'Description="((?:[^"\\]|\\.)*)"', line)
            if m:
                head.info[m.group(1)] = d.group(1) if d else ""
        elif line.startswith("##tumor_sample="):
            head.tumor_tag = line.split("=", 1)[1].strip()
        elif line.startswith("##normal_sample="):
            head.normal_tag = line.split("=", 1)[1].strip()
        elif line.startswith("##SAMPLE=<") and (m := re.search(r"ID=(TUMOR|NORMAL)\b.*SampleName=([^,>]+)", line)):
            setattr(head, "tumor_tag" if m.group(1) == "TUMOR" else "normal_tag", m.group(2))
    if "CSQ" in head.info:
        head.csq_fields = fields_from_header(head.info["CSQ"])
    if "ANN" in head.info:
        head.ann_fields = fields_from_header(head.info["ANN"])
    return head
