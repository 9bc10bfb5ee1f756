"""The VCF hot path: sniff, decompress BGZF blocks in parallel, and select records columnar.

Every VCF goes through here, small or large. BGZF (SAM/BAM spec §4.1) is a series of independent gzip
members of at most 64 KiB, so blocks decompress on all cores at once (ISA-L releases the GIL). The text is
then one polars column of lines: the structure of *every* record is validated with one regular expression,
and only the records that can matter (a word of interest in the line, or all records for an unannotated
file) become Python strings. BCF is decoded by cyvcf2 (htslib) into the same text.

Bad input never reaches htslib unvalidated: magic bytes, gzip integrity and the text header are checked
here first, so users get an `InputError` naming the file and line instead of an htslib message or a crash.
"""

from __future__ import annotations

import os
import re
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from oncotailor.errors import InputError
from oncotailor.readers.common import safe_text

if TYPE_CHECKING:
    import polars as pl

_GZIP = b"\x1f\x8b"
_BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
_PARALLEL_MIN = 4 << 20  # compressed bytes below which one thread is faster than a pool


@dataclass
class Records:
    """Selected records: 1-based file line numbers and the record text, plus the total record count."""

    lines: list[int]
    texts: list[str]
    total: int
    matched: int = 0  # records that matched before any limit


def _threads() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 16))


def bgzf_compress(data: bytes, level: int = 1) -> bytes:
    """Write BGZF: gzip members of at most 64 KiB carrying the BC size field, then the EOF block."""
    import zlib

    out = []
    for i in range(0, len(data), 65280):
        block = data[i:i + 65280]
        comp = zlib.compressobj(level, zlib.DEFLATED, -15)
        payload = comp.compress(block) + comp.flush()
        out.append(b"\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\xff\x06\x00BC\x02\x00" + struct.pack("<H", len(payload) + 25))
        out.append(payload + struct.pack("<II", zlib.crc32(block) & 0xFFFFFFFF, len(block)))
    out.append(_BGZF_EOF)
    return b"".join(out)


def _bgzf_blocks(raw: bytes) -> list[tuple[int, int, int]] | None:
    """(payload start, payload end, uncompressed size) of each block; None if this is not BGZF."""
    blocks: list[tuple[int, int, int]] = []
    o, n = 0, len(raw)
    while o < n:
        if raw[o:o + 4] != b"\x1f\x8b\x08\x04" or o + 18 > n:
            if not blocks:
                return None
            raise InputError("damaged or truncated bgzip file (a block header is broken)")
        xlen = struct.unpack_from("<H", raw, o + 10)[0]
        bsize, x = None, o + 12
        while x < o + 12 + xlen:
            si, slen = raw[x:x + 2], struct.unpack_from("<H", raw, x + 2)[0]
            if si == b"BC" and slen == 2:
                bsize = struct.unpack_from("<H", raw, x + 4)[0] + 1
            x += 4 + slen
        if bsize is None:
            if not blocks:
                return None
            raise InputError("damaged bgzip file (a block lacks its size field)")
        if o + bsize > n:
            raise InputError("truncated bgzip file (the last block is cut short)")
        isize = struct.unpack_from("<I", raw, o + bsize - 4)[0]
        blocks.append((o + 12 + xlen, o + bsize - 8, isize))
        o += bsize
    if raw[-28:] != _BGZF_EOF:
        raise InputError("truncated bgzip file (no BGZF end-of-file marker)",
                         hint="the download or copy was cut short; fetch the file again")
    return blocks


def _inflate_range(raw: bytes, blocks: list[tuple[int, int, int]]) -> bytes:
    from isal import igzip_lib

    view = memoryview(raw)
    out = []
    for start, end, isize in blocks:
        try:
            data = igzip_lib.decompress(view[start:end], flag=igzip_lib.DECOMP_DEFLATE)
        except Exception as exc:  # isal raises its own error type for damaged deflate data
            raise InputError(f"damaged bgzip block at byte {start}") from exc
        if len(data) != isize:
            raise InputError(f"damaged bgzip block at byte {start} (size mismatch)")
        out.append(data)
    return b"".join(out)


def decompress(raw: bytes) -> bytes:
    """Plain text stays; BGZF inflates in parallel; other gzip inflates in one stream."""
    if raw[:2] != _GZIP:
        return raw
    blocks = _bgzf_blocks(raw)
    if blocks is None:
        from isal import igzip

        try:
            return igzip.decompress(raw)
        except Exception as exc:  # EOFError, OSError or isal's error: all mean damaged input
            raise InputError("damaged or truncated gzip file") from exc
    threads = _threads()
    if threads == 1 or len(raw) < _PARALLEL_MIN:
        return _inflate_range(raw, blocks)
    parts = threads * 4  # more parts than threads keeps both busy when blocks differ in size
    cuts = [len(blocks) * i // parts for i in range(parts + 1)]
    with ThreadPoolExecutor(threads) as pool:
        chunks = list(pool.map(lambda i: _inflate_range(raw, blocks[cuts[i]:cuts[i + 1]]), range(parts)))
    return b"".join(chunks)


def load_text(path: Path) -> tuple[bytes, bool]:
    """The VCF as text bytes, and whether it came from BCF. Refuses empty, binary and damaged files."""
    raw = path.read_bytes()
    if not raw:
        raise InputError("the VCF is empty (0 bytes)", hint="a VCF starts with a '##fileformat=VCFv4.x' header")
    data = decompress(raw)
    if data[:4] == b"BCF\x02":
        return _bcf_as_text(path), True
    if not data:
        raise InputError("the VCF is empty after decompression")
    if b"\x00" in data[:65536]:
        raise InputError("the file is binary, not a VCF", hint="give a .vcf, .vcf.gz or .bcf file")
    return data, False


def _bcf_as_text(path: Path) -> bytes:
    """BCF decoded by htslib (cyvcf2) into VCF text, so one record parser serves both."""
    from cyvcf2 import VCF

    try:
        reader = VCF(str(path), lazy=True, threads=_threads())
        parts = [reader.raw_header]
        parts.extend(str(v) for v in reader)
        reader.close()
    except Exception as exc:  # htslib reports damaged BCF as OSError/Exception with its own text
        raise InputError("damaged BCF file: htslib could not decode it") from exc
    return "".join(parts).encode()


def _line_table(data: bytes, skip: int) -> pl.Series:
    import polars as pl

    return pl.read_csv(data, separator="\x1f", has_header=False, skip_rows=skip, quote_char=None,
                       infer_schema=False, new_columns=["line"], encoding="utf8-lossy")["line"]


# CHROM, integer POS, ID, non-empty REF and ALT, QUAL, FILTER: checked on every record before INFO starts.
_FIXED_COLUMNS = r"^[^\t]+\t[0-9]+\t[^\t]*\t[^\t]+\t[^\t]+\t[^\t]*\t[^\t]*\t"
_NON_SPACE = re.compile(rb"\S")
_PASS = r"^(?:[^\t]*\t){6}(?:PASS|\.)\t"


def explain_bad_line(text: str, columns: int) -> tuple[str, str | None]:
    """Say what is wrong with one record (message, field); shows only the offending token."""
    parts = text.rstrip("\r").split("\t")
    if len(parts) != columns:
        return (f"malformed VCF record: expected {columns} tab-separated columns, found {len(parts)}", None)
    if not parts[1].isdigit():
        token = safe_text(parts[1], 20)
        return (f"malformed VCF record: POS must be a whole number, got '{token}'", "POS")
    if not parts[3]:
        return ("malformed VCF record: REF is empty", "REF")
    if not parts[4]:
        return ("malformed VCF record: ALT is empty", "ALT")
    return ("malformed VCF record", None)


def select_records(data: bytes, *, header_lines: int, offset: int, columns: int, words: tuple[str, ...] | None,
                   pass_only_limit: int | None = None) -> Records:
    """Validate every record and return those containing one of `words` (None: PASS records, up to a limit).

    One lazy polars query evaluates, in parallel, the fixed columns (CHROM…FILTER) of every record and the
    indices of the records to keep; the kept records then get their full column count checked. A record
    with broken sample columns that no filter selects is therefore skipped, not refused.
    """
    import polars as pl

    if _NON_SPACE.search(data, offset) is None:
        return Records([], [], 0, 0)
    try:
        lines = _line_table(data, header_lines)
    except pl.exceptions.PolarsError:
        raise InputError("the VCF records could not be read as tab-separated text", line=header_lines + 1) from None
    line = pl.col("line")
    wanted = line.str.contains(_PASS) if words is None else line.str.contains("|".join(re.escape(w) for w in words))
    out = (pl.DataFrame({"line": lines}).lazy().with_row_index("i")
           .select(bad=pl.col("i").filter(~line.str.contains(_FIXED_COLUMNS).fill_null(True)).first(),
                   keep=pl.col("i").filter(wanted.fill_null(False)).implode(),
                   blank=line.is_null().sum())
           .collect())
    bad = out["bad"][0]
    if bad is not None:
        msg, fld = explain_bad_line(lines[int(bad)], columns)
        raise InputError(msg, line=header_lines + int(bad) + 1, field=fld)
    idx = out["keep"][0]
    matched = len(idx)
    if pass_only_limit is not None:
        idx = idx.head(pass_only_limit)
    texts = lines.gather(idx).to_list()
    numbers = [header_lines + int(i) + 1 for i in idx.to_list()]
    for n, text in zip(numbers, texts, strict=True):  # the selected records also get their column count checked
        if text.count("\t") != columns - 1:
            raise InputError(explain_bad_line(text, columns)[0], line=n)
    total = len(lines) - int(out["blank"][0])
    return Records(numbers, texts, total, matched)
