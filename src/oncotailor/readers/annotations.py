"""VEP `CSQ` and snpEff `ANN` annotation strings → one chosen transcript effect per ALT allele.

Field order comes from the VCF header (`Format: Allele|Consequence|…` for VEP, `Functional annotations:
'Allele | Annotation | …'` for snpEff), never from position guesses. For each allele the transcript is
chosen as a clinician would read it: VEP's `PICK` flag, then MANE Select, then the canonical transcript,
then the most severe consequence (Ensembl VEP's consequence table order), then protein-coding biotype.

References: Ensembl VEP "Calculated variant consequences" (severity order, SO terms);
snpEff "Input & output files" (ANN field, VCF annotation standard v1.0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from oncotailor.vocab.alterations import three_to_one

# SO terms in Ensembl VEP's severity order (most severe first).
SEVERITY: tuple[str, ...] = (
    "transcript_ablation", "splice_acceptor_variant", "splice_donor_variant", "stop_gained",
    "frameshift_variant", "stop_lost", "start_lost", "transcript_amplification", "feature_elongation",
    "feature_truncation", "inframe_insertion", "inframe_deletion", "missense_variant", "protein_altering_variant",
    "splice_donor_5th_base_variant", "splice_region_variant", "splice_donor_region_variant",
    "splice_polypyrimidine_tract_variant", "incomplete_terminal_codon_variant", "start_retained_variant",
    "stop_retained_variant", "synonymous_variant", "coding_sequence_variant", "mature_miRNA_variant",
    "5_prime_UTR_variant", "3_prime_UTR_variant", "non_coding_transcript_exon_variant", "intron_variant",
    "NMD_transcript_variant", "non_coding_transcript_variant", "coding_transcript_variant",
    "upstream_gene_variant", "downstream_gene_variant", "TFBS_ablation", "TFBS_amplification",
    "TF_binding_site_variant", "regulatory_region_ablation", "regulatory_region_amplification",
    "regulatory_region_variant", "intergenic_variant", "sequence_variant",
)
_RANK = {term: i for i, term in enumerate(SEVERITY)}
# snpEff names that differ from VEP's; fusions rank with the most severe effects.
_SYNONYMS = {
    "disruptive_inframe_deletion": "inframe_deletion", "conservative_inframe_deletion": "inframe_deletion",
    "disruptive_inframe_insertion": "inframe_insertion", "conservative_inframe_insertion": "inframe_insertion",
    "5_prime_UTR_premature_start_codon_gain_variant": "5_prime_UTR_variant", "intragenic_variant": "intron_variant",
    "exon_loss_variant": "transcript_ablation", "initiator_codon_variant": "start_retained_variant",
    "non_coding_exon_variant": "non_coding_transcript_exon_variant", "splice_region": "splice_region_variant",
}
FUSION_TERMS = frozenset({"gene_fusion", "bidirectional_gene_fusion"})

# Effects on the protein (VEP IMPACT HIGH or MODERATE): the alterations a tumor report lists one by one.
REPORTABLE = frozenset(SEVERITY[: SEVERITY.index("protein_altering_variant") + 1]) | FUSION_TERMS
# A cheap text pre-filter for the fast path: every reportable term contains one of these words.
PREFILTER_WORDS: tuple[str, ...] = (
    "splice_acceptor", "splice_donor_variant", "stop_gained", "frameshift", "stop_lost", "start_lost",
    "transcript_ablation", "transcript_amplification", "feature_elongation", "feature_truncation", "inframe",
    "missense", "protein_altering", "exon_loss", "gene_fusion",
)


def normalise_term(term: str) -> str:
    return _SYNONYMS.get(term, term)


def rank(term: str) -> int:
    if term in FUSION_TERMS:
        return -1
    return _RANK.get(term, len(SEVERITY))


@dataclass(frozen=True)
class Effect:
    """One transcript effect of one ALT allele, in our words."""

    gene: str | None
    consequence: str | None  # the most severe SO term of this effect
    impact: str | None
    transcript: str | None
    hgvsc: str | None
    hgvsp: str | None  # long form, p.Val600Glu (prefix 'ENSP…:' removed)
    exon: int | None
    intron: int | None
    protein_position: str | None
    amino_acids: str | None
    clin_sig: str | None
    strand: int | None = None  # VEP STRAND: 1 or -1


def fields_from_header(description: str) -> list[str] | None:
    """`Format: A|B|C` (VEP) or `Functional annotations: 'A | B | C'` (snpEff) → ['A', 'B', 'C']."""
    m = re.search(r"(?:Format|annotations):\s*'?([^'\"]+)'?", description)
    if not m:
        return None
    return [f.strip() for f in m.group(1).split("|")]


def _int_of(rank_text: str | None) -> int | None:
    if not rank_text:
        return None
    head = rank_text.split("/")[0].split("-")[0]
    return int(head) if head.isdigit() else None


def _strip_prefix(hgvs: str | None) -> str | None:
    if not hgvs:
        return None
    hgvs = unquote(hgvs) if "%" in hgvs else hgvs
    return hgvs.split(":", 1)[1] if ":" in hgvs else hgvs


@lru_cache(maxsize=4096)
def _most_severe(terms: str) -> tuple[str | None, int]:
    """The most severe SO term of an '&'-joined list, and its rank (cached: the same lists recur)."""
    best, best_rank = None, len(SEVERITY) + 1
    for t in terms.split("&"):
        t = _SYNONYMS.get(t, t)
        r = rank(t)
        if r < best_rank:
            best, best_rank = t, r
    return best, best_rank


class Layout:
    """Where each field sits in one annotation entry, read once from the header; picks effects fast.

    VEP (`snpeff=False`): CSQ fields named in the header. snpEff: the ANN standard's fixed names.
    """

    def __init__(self, names: list[str], *, snpeff: bool) -> None:
        pos = {n: i for i, n in enumerate(names)}
        self.snpeff = snpeff
        self.width = len(names)

        def at(*keys: str) -> int | None:
            return next((pos[k] for k in keys if k in pos), None)

        self.allele = at("Allele")
        self.allele_num = at("ALLELE_NUM")
        if snpeff:
            self.cons, self.impact, self.gene = at("Annotation"), at("Annotation_Impact"), at("Gene_Name")
            self.transcript, self.hgvsc, self.hgvsp = at("Feature_ID"), at("HGVS.c"), at("HGVS.p")
            self.exon, self.intron, self.ppos, self.aas, self.clin = at("Rank"), None, at("AA.pos / AA.length"), None, None
            self.biotype, self.pick, self.mane, self.canonical = at("Transcript_BioType"), None, None, None
        else:
            self.cons, self.impact, self.gene = at("Consequence"), at("IMPACT"), at("SYMBOL")
            self.transcript, self.hgvsc, self.hgvsp = at("Feature"), at("HGVSc"), at("HGVSp")
            self.exon, self.intron, self.ppos, self.aas = at("EXON"), at("INTRON"), at("Protein_position"), at("Amino_acids")
            self.clin, self.biotype, self.pick = at("CLIN_SIG"), at("BIOTYPE"), at("PICK")
            self.mane, self.canonical = at("MANE_SELECT", "MANE"), at("CANONICAL")
        self.strand = None if snpeff else at("STRAND")

    def _priority(self, p: list[str]) -> tuple[int, int, int, int, int]:
        def get(i: int | None) -> str:
            return p[i] if i is not None and i < len(p) else ""

        return (0 if get(self.pick) == "1" else 1, 0 if get(self.mane) else 1, 0 if get(self.canonical) == "YES" else 1,
                _most_severe(get(self.cons))[1], 0 if get(self.biotype) == "protein_coding" else 1)

    def best(self, value: str, allele: str | None, allele_num: int | None = None) -> Effect | None:
        """The effect to report for one allele (None: any allele), by the order in the module docstring."""
        best: list[str] | None = None
        best_key: tuple[int, ...] | None = None
        num = str(allele_num) if allele_num is not None else None
        for entry in value.split(","):
            p = entry.split("|")
            if allele is not None and self.allele is not None:
                a = p[self.allele] if self.allele < len(p) else ""
                n = p[self.allele_num] if self.allele_num is not None and self.allele_num < len(p) else None
                if a != allele and (num is None or n != num):
                    continue
            key = self._priority(p)
            if best_key is None or key < best_key:
                best, best_key = p, key
        return self._effect(best) if best is not None else None

    def fusion(self, value: str) -> Effect | None:
        """A gene-fusion effect naming two genes ('EML4&ALK'), if any entry has one."""
        for entry in value.split(","):
            p = entry.split("|")
            eff = self._effect(p)
            if eff.consequence in FUSION_TERMS and eff.gene and "&" in eff.gene:
                return eff
        return None

    def _effect(self, p: list[str]) -> Effect:
        def get(i: int | None) -> str | None:
            v = p[i].strip() if i is not None and i < len(p) else ""
            return v or None

        ppos = get(self.ppos)
        if self.snpeff and ppos:
            ppos = ppos.split("/")[0] or None
        return Effect(
            gene=get(self.gene), consequence=_most_severe(get(self.cons) or "")[0], impact=get(self.impact),
            transcript=get(self.transcript), hgvsc=_strip_prefix(get(self.hgvsc)), hgvsp=_strip_prefix(get(self.hgvsp)),
            exon=_int_of(get(self.exon)), intron=_int_of(get(self.intron)), protein_position=ppos,
            amino_acids=get(self.aas), clin_sig=get(self.clin),
            strand={"1": 1, "-1": -1}.get(get(self.strand) or ""),
        )


def vep_allele(ref: str, alt: str, alts: list[str]) -> str:
    """How VEP writes an ALT allele: when an indel is present and all alleles share their first base, it is trimmed."""
    alleles = [ref, *alts]
    if any(len(a) != len(ref) for a in alts) and len({a[:1] for a in alleles}) == 1:
        return alt[1:] or "-"
    return alt


# ──────────────── protein change: long HGVS → short name ────────────────

_FS = re.compile(r"^([A-Z*])(\d+)[A-Z*]?fs(?:\*|Ter|X)?\??\d*$")
_SUB = re.compile(r"^([A-Z*])(\d+)([A-Z*=])$")
_RANGE = re.compile(r"^([A-Z*])(\d+)(?:_([A-Z*])(\d+))?(delins|del|dup|ins)([A-Z*]*)\d*$")
_EXT = re.compile(r"^\*(\d+)([A-Z])?ext\*?\??\d*$")


@dataclass(frozen=True)
class ProteinChange:
    short: str
    ref_aa: str | None
    alt_aa: str | None
    start: int | None
    end: int | None


def protein_change(hgvsp: str | None, *, position: str | None = None, amino_acids: str | None = None) -> ProteinChange | None:
    """`p.Val600Glu` → V600E; `p.Glu746_Ala750del` → E746_A750del; `p.Gly12AlafsTer5` → G12fs; `p.Arg213Ter` → R213*.

    Without HGVSp (VEP run without --hgvs) the Protein_position/Amino_acids columns give substitutions.
    """
    if hgvsp:
        s = hgvsp[2:] if hgvsp.startswith("p.") else hgvsp
        s = three_to_one(s.strip("()")).replace("Ter", "*").replace("X", "*") if s else s
        if not s or s in {"=", "?", "0"}:
            return None
        if m := _SUB.match(s):
            if m[3] == "=":
                return None
            return ProteinChange(f"{m[1]}{m[2]}{m[3]}", m[1], m[3], int(m[2]), int(m[2]))
        if m := _FS.match(s):
            return ProteinChange(f"{m[1]}{m[2]}fs", m[1], "fs", int(m[2]), int(m[2]))
        if m := _EXT.match(s):
            return ProteinChange(f"*{m[1]}ext", "*", m[2], int(m[1]), int(m[1]))
        if m := _RANGE.match(s):
            start, end = int(m[2]), int(m[4] or m[2])
            left = f"{m[1]}{start}" + (f"_{m[3]}{end}" if m[3] else "")
            extra = m[6] if m[5] in {"ins", "delins"} else ""
            return ProteinChange(f"{left}{m[5]}{extra}", m[1], extra or None, start, end)
        if s.startswith("M1"):
            return ProteinChange("M1?", "M", None, 1, 1)
        return ProteinChange(s, None, None, _first_int(s), _first_int(s))
    if position and amino_acids and "/" in amino_acids:
        ref, alt = amino_acids.split("/", 1)
        codon = _first_int(position)
        if codon is not None and len(ref) == 1 and len(alt) == 1 and ref != alt:
            return ProteinChange(f"{ref}{codon}{alt}", ref, alt, codon, codon)
    return None


def _first_int(text: str) -> int | None:
    m = re.search(r"\d+", text)
    return int(m.group(0)) if m else None
