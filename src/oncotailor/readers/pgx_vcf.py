"""Genotypes at the PGx definition positions of a germline VCF (GRCh38), in the definitions' own spelling.

Why a reader of its own: PGx needs *every* defining position, reference calls included, with phase
(GT ``|`` and ``PS``), and must tell "position absent" (not tested) from "position called reference".
Indels are matched after trimming to their minimal form; a tandem-repeat indel (UGT1A1 TA repeat
rs3064744 = ``*28``/``*36``/``*37``, DPYD ``c.295_298del``, …) also matches when the VCF spells it at another
place in the repeat (the definition table carries the repeat's window). gVCF reference blocks (END=,
ALT ``<NON_REF>``/``<*>``) count as reference calls. ``0/.`` is missing, as in PharmCAT.

With a tabix/CSI index only the PGx regions are read (htslib via cyvcf2); otherwise the file is streamed
and only lines at candidate positions are split. Multi-sample files are read once into a genotype
matrix (`read_pgx_matrix`) for cohort calling.
"""

from __future__ import annotations

import gzip
import io
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from oncotailor.case import Genotype, ReadWarning
from oncotailor.errors import InputError, OncoTailorError
from oncotailor.readers.common import ReadResult, display_name, require_file

GRCH37_CHR1 = 249250621
_SYMBOLIC = {"<NON_REF>", "<*>", "."}
_END = re.compile(r"(?:^|;)END=(\d+)")


@dataclass(frozen=True)
class _Target:
    chrom: str
    pos: int  # definition position
    allele: str  # definition spelling of the allele this variant is


@dataclass
class SiteIndex:
    """Where the definitions' alleles can appear, and how each VCF spelling maps back to them."""

    ref: dict[tuple[str, int], str]
    rsid: dict[tuple[str, int], str | None]
    exact: dict[tuple[str, int, str, str], _Target]
    windows: dict[str, list[tuple[int, int, str, str, _Target]]]  # chrom → (lo, hi, deleted, inserted, target)
    near: dict[str, set[int]]
    sorted_pos: dict[str, list[int]]
    regions: list[tuple[str, int, int]]


def trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Minimal representation: drop the shared suffix, then the shared prefix (VCF 4.3 §5 normalisation)."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while ref and alt and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


def _rotations(seq: str) -> set[str]:
    return {seq[i:] + seq[:i] for i in range(len(seq))} if seq else {""}


@lru_cache(maxsize=1)
def site_index() -> SiteIndex:
    from oncotailor.knowledge.base import KnowledgeBase
    from oncotailor.pgx.tables import GeneDef

    genes = KnowledgeBase().table("pgx/alleles", GeneDef)
    ref: dict[tuple[str, int], str] = {}
    rsid: dict[tuple[str, int], str | None] = {}
    exact: dict[tuple[str, int, str, str], _Target] = {}
    windows: dict[str, list[tuple[int, int, str, str, _Target]]] = {}
    near: dict[str, set[int]] = {}
    regions = []
    for g in genes:
        c = g.chrom
        near.setdefault(c, set())
        regions.append((c, min(p.pos for p in g.positions) - 50, max(p.pos for p in g.positions) + 50))
        for p in g.positions:
            ref[(c, p.pos)] = p.ref
            rsid[(c, p.pos)] = p.rsid
            near[c].update(range(p.pos - 2, p.pos + 1))
            for alt in p.alts:
                s, d, i = trim(p.pos, p.ref, alt)
                target = _Target(c, p.pos, alt)
                exact[(c, s, d, i)] = target
                if p.window and (len(d) != len(i)):
                    lo, hi = p.window
                    windows.setdefault(c, []).append((lo, hi, d, i, target))
                    near[c].update(range(lo - 1, hi + 1))
    return SiteIndex(ref, rsid, exact, windows, near, {c: sorted({k[1] for k in ref if k[0] == c}) for c in near},
                     regions)


def _targets(idx: SiteIndex, chrom: str, pos: int, ref: str, alt: str) -> list[_Target]:
    """Definition alleles a VCF ALT stands for (MNPs are split into their SNVs)."""
    s, d, i = trim(pos, ref, alt)
    hit = idx.exact.get((chrom, s, d, i))
    if hit:
        return [hit]
    if len(d) == len(i) and len(d) > 1:  # MNP → SNVs
        out = []
        for k, (a, b) in enumerate(zip(d, i, strict=False)):
            if a != b and (t := idx.exact.get((chrom, s + k, a, b))):
                out.append(t)
        return out
    if len(d) != len(i):
        for lo, hi, dd, ii, t in idx.windows.get(chrom, []):
            if lo - 1 <= s <= hi + 1 and len(d) == len(dd) and len(i) == len(ii):
                seq, want = (d, dd) if d else (i, ii)
                if seq in _rotations(want):
                    return [t]
    if len(d) == 1 and len(i) == 1 and (chrom, s) in idx.ref:  # undocumented SNV at a defining position
        return [_Target(chrom, s, "<" + i + ">")]
    return []


@dataclass
class _Site:
    strands: list[str | None]
    phased: bool
    phase_set: int | None


@dataclass
class Matrix:
    """Genotypes at definition positions for many samples: site → one call per sample (None = absent)."""

    samples: list[str]
    sites: dict[tuple[str, int], list[_Site | None]] = field(default_factory=dict)
    warnings: list[ReadWarning] = field(default_factory=list)
    records: int = 0


def _norm_chrom(chrom: str) -> str:
    return chrom if chrom.startswith("chr") else "chr" + chrom


def _parse_gt(text: str) -> tuple[list[int | None], bool]:
    phased = "|" in text
    parts = re.split(r"[|/]", text)
    out: list[int | None] = []
    for p in parts:
        out.append(None if p in (".", "") else int(p))
    return out, phased


def _apply(mat: Matrix, idx: SiteIndex, fields: list[str], cols: list[int], line_no: int, name: str) -> None:
    chrom = _norm_chrom(fields[0])
    try:
        pos = int(fields[1])
    except ValueError:
        raise InputError("POS is not a number", file=name, line=line_no, field="POS") from None
    ref, alts = fields[3].upper(), fields[4].upper().split(",")
    fmt = fields[8].split(":") if len(fields) > 8 else []
    if "GT" not in fmt:
        return
    gi = fmt.index("GT")
    pi = fmt.index("PS") if "PS" in fmt else None
    block: list[int] = []
    if all(a in _SYMBOLIC for a in alts):  # gVCF reference block or monomorphic site
        m = _END.search(fields[7]) if len(fields) > 7 else None
        end = int(m.group(1)) if m else pos + len(ref) - 1
        sp = idx.sorted_pos.get(chrom, [])
        block = sp[bisect_left(sp, pos):bisect_right(sp, end)]
        alt_targets: list[list[_Target]] = [[] for _ in alts]
    else:
        alt_targets = [_targets(idx, chrom, pos, ref, a) for a in alts]
    exact_site = (chrom, pos) in idx.ref
    if exact_site and ref[:1] != idx.ref[(chrom, pos)][:1] and not block:
        mat.warnings.append(ReadWarning(code="pgx.ref_mismatch", file=name, line=line_no,
                                        message=f"REF differs from GRCh38 at a PGx position ({chrom}:{pos}): is the VCF GRCh38?"))
        return
    touched = {t.pos for ts in alt_targets for t in ts} | ({pos} if exact_site else set()) | set(block)
    if not touched:
        return
    # Many samples share a genotype string ("0/0"): resolve each distinct cell once per record.
    resolved: dict[str, list[tuple[tuple[str, int], _Site, str]]] = {}
    for s_i, col in enumerate(cols):
        cell = fields[col]
        sites = resolved.get(cell)
        if sites is None:
            sites = _resolve_cell(cell, gi, pi, touched, chrom, alt_targets, idx, name, line_no)
            resolved[cell] = sites
        for key, site, site_ref in sites:
            _merge(mat, key, s_i, site, site_ref)


def _resolve_cell(cell: str, gi: int, pi: int | None, touched: set[int], chrom: str,
                  alt_targets: list[list[_Target]], idx: SiteIndex, name: str,
                  line_no: int) -> list[tuple[tuple[str, int], _Site, str]]:
    sample_fields = cell.split(":")
    try:
        gt, phased = _parse_gt(sample_fields[gi]) if gi < len(sample_fields) else ([None, None], False)
    except ValueError:
        raise InputError("GT is not a genotype", file=name, line=line_no, field="GT") from None
    ps: int | None = None
    if phased and pi is not None and pi < len(sample_fields) and sample_fields[pi] not in (".", ""):
        try:
            ps = int(sample_fields[pi])
        except ValueError:
            ps = None
    missing = any(g is None for g in gt)
    out = []
    for tpos in touched:
        key = (chrom, tpos)
        site_ref = idx.ref[key]
        strands: list[str | None] = []
        for g in gt:
            if g is None or missing:
                strands.append(None)
            elif g == 0:
                strands.append(site_ref)
            elif g - 1 < len(alt_targets):
                hit = next((t.allele for t in alt_targets[g - 1] if t.pos == tpos), None)
                strands.append(hit if hit is not None else site_ref)
            else:
                raise InputError("GT refers to an ALT allele that does not exist", file=name, line=line_no, field="GT")
        out.append((key, _Site(strands, phased, ps), site_ref))
    return out


def _merge(mat: Matrix, key: tuple[str, int], s_i: int, new: _Site, ref: str) -> None:
    """Several records can speak for one site (split multi-allelics, an SNV beside an indel): per strand a
    definition ALT beats an undocumented ALT, which beats reference, which beats 'no information'."""
    col = mat.sites.setdefault(key, [None] * len(mat.samples))
    old = col[s_i]
    if old is None or len(old.strands) != len(new.strands):
        if old is None or all(s is None for s in old.strands):
            col[s_i] = new
        return

    def rank(a: str | None) -> int:
        return 0 if a is None else 1 if a == ref else 2 if a.startswith("<") else 3

    merged = [a if rank(a) >= rank(b) else b for a, b in zip(old.strands, new.strands, strict=False)]
    col[s_i] = _Site(merged, old.phased and new.phased, old.phase_set if old.phase_set is not None else new.phase_set)


def _open_text(path: Path) -> Iterator[str]:
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    stream = io.TextIOWrapper(gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw, encoding="utf-8", errors="replace")
    try:
        yield from stream
    finally:
        stream.close()


def _index_of(path: Path) -> Path | None:
    for suffix in (".tbi", ".csi"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            return p
    return None


def _check_header(line: str, name: str, line_no: int) -> None:
    low = line.lower()
    if low.startswith("##reference=") and ("grch37" in low or "hg19" in low or "b37" in low):
        raise InputError("the germline VCF is GRCh37; PGx positions are GRCh38", file=name, line=line_no,
                         hint="lift the VCF over to GRCh38 (PharmCAT does not support GRCh37 either)")
    if low.startswith("##contig=<id=chr1,") or low.startswith("##contig=<id=1,"):
        m = re.search(r"length=(\d+)", low)
        if m and int(m.group(1)) == GRCH37_CHR1:
            raise InputError("the germline VCF contigs are GRCh37 (chr1 length 249250621); PGx needs GRCh38",
                             file=name, line=line_no)


def _columns(header: str, sample: str | None, name: str, line_no: int, all_samples: bool) -> tuple[list[str], list[int]]:
    cols = header.rstrip("\n").split("\t")
    samples = cols[9:]
    if not samples:
        raise InputError("the VCF has no sample column, so no genotypes", file=name, line=line_no)
    if all_samples:
        return samples, list(range(9, 9 + len(samples)))
    if sample is None:
        if len(samples) > 1:
            raise InputError("the germline VCF has several samples; say which one", file=name, line=line_no,
                             field="germline.sample", hint="set germline.sample to one of the VCF's sample names")
        return samples, [9]
    if sample not in samples:
        raise InputError("germline.sample is not a sample of this VCF", file=name, line=line_no, field="germline.sample")
    return [sample], [9 + samples.index(sample)]


def read_pgx_matrix(path: Path, *, sample: str | None = None, all_samples: bool = True,
                    use_index: bool = True) -> Matrix:
    """Genotypes at every PGx definition position, for one sample or all samples of the VCF."""
    require_file(path, field_name="germline.vcf")
    name = display_name(path)
    idx = site_index()
    index = _index_of(path) if use_index else None
    try:
        if index is not None:
            return _read_indexed(path, idx, sample, all_samples, name)
        return _read_stream(path, idx, sample, all_samples, name)
    except OncoTailorError:
        raise
    except (OSError, EOFError, UnicodeDecodeError, ValueError, IndexError) as exc:
        raise InputError(f"the germline VCF cannot be read ({type(exc).__name__})", file=name) from exc


def _read_stream(path: Path, idx: SiteIndex, sample: str | None, all_samples: bool, name: str) -> Matrix:
    mat: Matrix | None = None
    cols: list[int] = []
    near = idx.near
    for line_no, line in enumerate(_open_text(path), start=1):
        if line.startswith("##"):
            _check_header(line, name, line_no)
            continue
        if line.startswith("#"):
            samples, cols = _columns(line, sample, name, line_no, all_samples)
            mat = Matrix(samples)
            continue
        if mat is None:
            raise InputError("data line before the #CHROM header line", file=name, line=line_no)
        mat.records += 1
        head = line.split("\t", 2)
        if len(head) < 3:
            if not line.strip():
                continue
            raise InputError("a VCF record needs tab-separated columns", file=name, line=line_no)
        chrom = head[0] if head[0].startswith("chr") else "chr" + head[0]
        positions = near.get(chrom)
        if positions is None:
            continue
        try:
            pos = int(head[1])
        except ValueError:
            raise InputError("POS is not a number", file=name, line=line_no, field="POS") from None
        if pos not in positions and not ("END=" in line and ("<NON_REF>" in line or "<*>" in line)):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 10:
            raise InputError("a VCF record needs at least 10 columns with genotypes", file=name, line=line_no)
        _apply(mat, idx, fields, cols, line_no, name)
    if mat is None:
        raise InputError("not a VCF: no #CHROM header line", file=name)
    return mat


def _read_indexed(path: Path, idx: SiteIndex, sample: str | None, all_samples: bool, name: str) -> Matrix:
    from cyvcf2 import VCF

    vcf = VCF(str(path), lazy=True, threads=1)
    try:
        raw_header = vcf.raw_header
        header_lines = raw_header.rstrip("\n").split("\n")
        for i, line in enumerate(header_lines, start=1):
            if line.startswith("##"):
                _check_header(line, name, i)
        samples, cols = _columns(header_lines[-1], sample, name, len(header_lines), all_samples)
        mat = Matrix(samples)
        seqnames = set(vcf.seqnames)
        for chrom, lo, hi in idx.regions:
            c = chrom if chrom in seqnames else chrom.removeprefix("chr")
            if c not in seqnames:
                continue
            for v in vcf(f"{c}:{max(1, lo)}-{hi}"):
                mat.records += 1
                fields = str(v).rstrip("\n").split("\t")
                _apply(mat, idx, fields, cols, 0, name)
        return mat
    finally:
        vcf.close()


def _genotype(key: tuple[str, int], site: _Site, idx: SiteIndex) -> Genotype:
    ref = idx.ref[key]
    alts: list[str] = []
    gt: list[int | None] = []
    for s in site.strands:
        if s is None:
            gt.append(None)
        elif s == ref:
            gt.append(0)
        else:
            if s not in alts:
                alts.append(s)
            gt.append(alts.index(s) + 1)
    return Genotype(chrom=key[0], pos=key[1], ref=ref, alts=alts, gt=gt, phased=site.phased,
                    phase_set=site.phase_set, rsid=idx.rsid.get(key))


def matrix_genotypes(mat: Matrix, s_i: int) -> list[Genotype]:
    idx = site_index()
    return [_genotype(k, col[s_i], idx) for k, col in sorted(mat.sites.items()) if col[s_i] is not None]  # type: ignore[arg-type]


def read_pgx_genotypes(path: Path, *, sample: str | None = None) -> ReadResult:
    """One sample's genotypes at the PGx positions (absent positions are simply not returned)."""
    mat = read_pgx_matrix(path, sample=sample, all_samples=False)
    res = ReadResult(genotypes=matrix_genotypes(mat, 0), samples=mat.samples, records=mat.records,
                     genome_build="GRCh38")
    mismatches = [w for w in mat.warnings if w.code == "pgx.ref_mismatch"]
    if mismatches:
        first = mismatches[0]
        res.warnings.append(ReadWarning(code="pgx.ref_mismatch", file=first.file, line=first.line,
                                        message=f"REF differs from GRCh38 at {len(mismatches)} PGx position(s); "
                                                "those positions were ignored — is the VCF GRCh38?"))
    return res
