"""Report-style alteration text → a normalised `Alteration`.

Understands what molecular reports and tumor boards write:

- protein changes, short or long, with or without ``p.``: ``V600E``, ``p.Val600Glu``, ``R213*`` /
  ``R213Ter`` / ``R213X`` (nonsense), ``G12fs`` / ``p.Gly12AlafsTer5``, ``E746_A750del``,
  ``L747_P753delinsS``, ``D770_N771insSVD``, ``A767_V769dup``, ``M1?``;
- any change at a codon: ``V600`` (also ``V600any`` / ``V600?`` / ``codon 600``). A trailing ``*`` keeps
  its HGVS meaning, a stop codon: ``R213*`` is nonsense, never "any change";
- cDNA changes: ``c.1799T>A``, ``c.5946delT``, ``c.1905+1G>A`` (splice when within 2 bases of the exon);
- exon events: ``exon 19 deletion``, ``ex19del``, ``exon 20 insertion``, ``exon 14 skipping``, ``METex14``;
- fusions: ``EML4::ALK`` (5'::3'), ``BCR-ABL1`` when both sides are genes, ``ALK fusion``,
  ``ALK rearrangement``, ``KIF5B-RET fusion``;
- copy number: ``amplification``, ``gain``, ``deletion`` (homozygous), ``loss``;
- classes: ``truncating``, ``splice``, ``oncogenic mutation``, ``activating mutation``, ``mutation``,
  ``ITD``, ``TKD``, ``kinase domain mutation``, ``overexpression``.
Genes go through HGNC (`vocab.genes`), so ``HER2 amplification`` reads as ERBB2.
"""

from __future__ import annotations

import re

from oncotailor.case import Alteration, AlterationKind, CopyNumber
from oncotailor.errors import AlterationParseError
from oncotailor.vocab.genes import is_known_gene, normalise_gene

AA3 = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G", "His": "H",
    "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W",
    "Tyr": "Y", "Val": "V", "Ter": "*", "Sec": "U", "Pyl": "O", "Xaa": "X",
}
AA1 = {v: k for k, v in AA3.items()}
_AA3_RE = re.compile("|".join(sorted(AA3, key=len, reverse=True)))

# Gene families that reports name without a member; the user must say which gene.
FAMILIES = {"NTRK": "NTRK1, NTRK2 or NTRK3", "RAS": "KRAS, NRAS or HRAS", "FGFR": "FGFR1, FGFR2, FGFR3 or FGFR4",
            "IDH": "IDH1 or IDH2", "NRG": "NRG1", "PDGFR": "PDGFRA or PDGFRB"}

_A = "[ACDEFGHIKLMNPQRSTVWYUO]"
_P_MISSENSE = re.compile(rf"^({_A})(\d+)({_A}|\*|X|=)$")
_P_CODON = re.compile(rf"^({_A})(\d+)(?:any|\?|X\?)?$", re.I)
_P_FS = re.compile(rf"^({_A})(\d+)(?:{_A})?fs(?:\*\d*|\*\?|X\d*)?$")
_P_RANGE = re.compile(rf"^({_A})(\d+)(?:_({_A})(\d+))?(del|dup|delins|ins)({_A}*|\d*)?$")
_P_START = re.compile(r"^M1\?$|^M1(?:[A-Z]|del)?$")
_P_EXT = re.compile(rf"^\*(\d+)({_A})ext\*?\??\d*$")
_C_HGVS = re.compile(r"^c\.([-*]?\d+)(?:([+-])(\d+))?(?:_[-*]?\d+(?:[+-]\d+)?)?([ACGT]>[ACGT]|del[ACGT]*|dup[ACGT]*|ins[ACGT]+|delins[ACGT]+)$", re.I)
_EXON = re.compile(
    r"^(?:exon|ex|e)\s*(\d+)\s*(deletions?|del|insertions?|ins|skipping|skip|skipping mutation|mutations?|mut|"
    r"duplications?|dup|missense|alterations?|indels?)?$", re.I)
# What a bare "GENE exon N" means where the field has one reading (METex14 = exon 14 skipping).
_DEFAULT_EXON_EVENT = {("MET", 14): "skipping"}
_EXON_GLUED = re.compile(r"^ex(?:on)?(\d+)(del|ins|skip|dup|mut)$", re.I)

_CNA = {
    "amplification": CopyNumber.amplification, "amp": CopyNumber.amplification, "amplified": CopyNumber.amplification,
    "amplifications": CopyNumber.amplification, "high-level amplification": CopyNumber.amplification,
    "gain": CopyNumber.gain, "copy gain": CopyNumber.gain, "copy number gain": CopyNumber.gain,
    "deletion": CopyNumber.deletion, "homozygous deletion": CopyNumber.deletion, "deep deletion": CopyNumber.deletion,
    "homdel": CopyNumber.deletion, "biallelic deletion": CopyNumber.deletion, "del": CopyNumber.deletion,
    "loss": CopyNumber.loss, "copy loss": CopyNumber.loss, "copy number loss": CopyNumber.loss,
    "heterozygous deletion": CopyNumber.loss, "shallow deletion": CopyNumber.loss,
}
_CLASSES = {
    "truncating": ("truncating mutation", "truncating"), "truncating mutation": ("truncating mutation", "truncating"),
    "truncating mutations": ("truncating mutation", "truncating"), "nonsense": ("truncating mutation", "truncating"),
    "loss of function": ("loss-of-function mutation", "loss_of_function"),
    "loss-of-function": ("loss-of-function mutation", "loss_of_function"),
    "lof": ("loss-of-function mutation", "loss_of_function"),
    "inactivating mutation": ("loss-of-function mutation", "loss_of_function"),
    "splice": ("splice", "splice"), "splice site": ("splice", "splice"), "splice mutation": ("splice", "splice"),
    "splice site mutation": ("splice", "splice"), "splice variant": ("splice", "splice"),
    "oncogenic mutation": ("oncogenic mutation", "oncogenic"), "oncogenic mutations": ("oncogenic mutation", "oncogenic"),
    "activating mutation": ("activating mutation", "activating"),
    "activating mutations": ("activating mutation", "activating"),
    "mutation": ("mutation", "any"), "mutations": ("mutation", "any"), "mutated": ("mutation", "any"),
    "mutant": ("mutation", "any"), "mut": ("mutation", "any"), "alteration": ("mutation", "any"),
    "kinase domain mutation": ("kinase domain mutation", "kinase_domain"),
    "itd": ("ITD", "inframe"), "internal tandem duplication": ("ITD", "inframe"),
    "tkd": ("TKD mutation", "missense"), "tkd mutation": ("TKD mutation", "missense"),
}
_EXPR = {"overexpression": "overexpression", "over-expression": "overexpression", "high expression": "overexpression",
         "expression": "expression", "positive": "overexpression", "underexpression": "underexpression",
         "loss of expression": "underexpression"}
_FUSION_WORDS = re.compile(r"^(?:fusion|fusions|rearrangement|rearranged|translocation|fusion positive|"
                           r"gene fusion|fusion gene)$", re.I)


def three_to_one(text: str) -> str:
    """`Val600Glu` → `V600E`, leaving one-letter text unchanged."""
    return _AA3_RE.sub(lambda m: AA3[m.group(0)], text)


def long_form(short: str) -> str | None:
    """`V600E` → `p.Val600Glu` for simple substitutions; None when not a single-residue change."""
    m = _P_MISSENSE.match(short)
    if not m or m[3] in {"=", "X"}:
        return None
    return f"p.{AA1[m[1]]}{m[2]}{AA1[m[3]]}"


def _protein(gene: str, change: str, raw: str) -> Alteration | None:
    s = change.strip()
    if s.startswith("p."):
        s = s[2:]
    s = s.strip("()")
    s = three_to_one(s)
    base = {"gene": gene, "raw": raw}
    if m := _P_MISSENSE.match(s):
        alt = "*" if m[3] in {"*", "X"} else m[3]
        pos = int(m[2])
        if alt in ("=", m[1]):  # G12G is G12=: the amino acid is unchanged
            return Alteration(**base, alteration=f"{m[1]}{pos}=", consequence="synonymous_variant", ref_aa=m[1],
                              alt_aa=m[1], protein_start=pos, protein_end=pos)
        return Alteration(
            **base, alteration=f"{m[1]}{pos}{alt}", hgvsp=long_form(f"{m[1]}{pos}{alt}"), ref_aa=m[1], alt_aa=alt,
            protein_start=pos, protein_end=pos,
            consequence="stop_gained" if alt == "*" else "missense_variant",
        )
    if m := _P_FS.match(s):
        pos = int(m[2])
        return Alteration(**base, alteration=f"{m[1]}{pos}fs", ref_aa=m[1], alt_aa="fs", protein_start=pos,
                          protein_end=pos, consequence="frameshift_variant")
    if m := _P_RANGE.match(s):
        start = int(m[2])
        end = int(m[4]) if m[4] else start
        if end < start:
            raise AlterationParseError(f"protein range runs backwards in '{raw}'")
        kind, extra = m[5], (m[6] or "")
        left = f"{m[1]}{start}" + (f"_{m[3]}{end}" if m[3] else "")
        if kind == "ins" and not m[3]:
            raise AlterationParseError(f"an insertion needs the two flanking residues, e.g. D770_N771insSVD, not '{change}'")
        consequence = {"del": "inframe_deletion", "dup": "inframe_insertion", "ins": "inframe_insertion",
                       "delins": "protein_altering_variant"}[kind]
        if kind == "delins" and extra:
            removed, added = end - start + 1, len(extra)
            consequence = "inframe_deletion" if added < removed else ("inframe_insertion" if added > removed else "missense_variant")
        return Alteration(**base, alteration=f"{left}{kind}{extra if kind in ('ins', 'delins') else ''}",
                          ref_aa=m[1], alt_aa=extra or None, protein_start=start, protein_end=end,
                          consequence=consequence)
    if _P_START.match(s):
        return Alteration(**base, alteration="M1?", protein_start=1, protein_end=1, ref_aa="M",
                          consequence="start_lost")
    if m := _P_EXT.match(s):
        pos = int(m[1])
        return Alteration(**base, alteration=f"*{pos}ext", protein_start=pos, protein_end=pos, ref_aa="*",
                          consequence="stop_lost")
    if m := _P_CODON.match(s):
        pos = int(m[2])
        return Alteration(**base, alteration=f"{m[1]}{pos}", ref_aa=m[1], protein_start=pos, protein_end=pos,
                          any_change_at_codon=True)
    if m := re.match(r"^codon\s*(\d+)(?:\s+mutation)?$", s, re.I):
        pos = int(m[1])
        return Alteration(**base, alteration=f"codon {pos}", protein_start=pos, protein_end=pos,
                          any_change_at_codon=True)
    return None


def _cdna(gene: str, change: str, raw: str) -> Alteration | None:
    m = _C_HGVS.match(change.strip())
    if not m:
        return None
    offset = int(m[3]) if m[3] else None
    consequence: str | None = None  # an exonic change: protein effect unknown without a transcript
    intron = None
    if offset is not None:
        consequence = ("splice_donor_variant" if m[2] == "+" else "splice_acceptor_variant") if offset <= 2 \
            else "intron_variant"
        if offset <= 2:  # a canonical splice site: the exon beside it may be skipped (MET c.3028+1G>T)
            from oncotailor.vocab.exons import intron_of_cdna

            intron = intron_of_cdna(gene, int(m[1]), m[2])
    return Alteration(gene=gene, alteration=change.strip(), hgvsc=change.strip(), consequence=consequence,
                      intron=intron, raw=raw)


def _splice(gene: str, change: str, raw: str) -> Alteration | None:
    """cBioPortal/OncoKB splice-site notation: 'X1010_splice' (p. prefix, '*' for X, 'splice' alone allowed)."""
    from oncotailor.vocab.exons import SPLICE_PROTEIN, splice_side

    m = SPLICE_PROTEIN.match(change.strip())
    if not m:
        return None
    pos = int(m[1])
    side = splice_side(gene, pos)
    consequence = f"splice_{side[0]}_variant" if side else "splice_site_variant"
    return Alteration(gene=gene, alteration=f"X{pos}_splice", consequence=consequence, protein_start=pos,
                      protein_end=pos, intron=side[1] if side else None, raw=raw)


def _exon(gene: str, change: str, raw: str) -> Alteration | None:
    s = change.strip()
    m = _EXON.match(s) or _EXON_GLUED.match(s.replace(" ", ""))
    if not m:
        return None
    exon = int(m[1])
    word = (m[2] or _DEFAULT_EXON_EVENT.get((gene, exon), "mutation")).lower()
    if word.startswith(("del",)):
        name, cons, kind = "deletion", "inframe_deletion", AlterationKind.mutation
    elif word.startswith(("ins", "dup")):
        name, cons, kind = "insertion", "inframe_insertion", AlterationKind.mutation
    elif word.startswith("skip"):
        name, cons, kind = "skipping", "splice_region_variant", AlterationKind.mutation
    elif word.startswith("missense"):
        name, cons, kind = "missense", "missense_variant", AlterationKind.mutation
    else:
        name, cons, kind = "mutation", None, AlterationKind.mutation
    return Alteration(gene=gene, kind=kind, alteration=f"exon {exon} {name}", exon=exon, consequence=cons, raw=raw)


def _split_gene(text: str) -> tuple[str, str]:
    """Split 'GENE change' (also 'GENE:change', 'GENE-change' glued forms such as 'METex14')."""
    t = text.strip()
    first, _, rest = t.partition(" ")
    if "::" in first:
        return first, rest.strip()
    if m := re.match(r"^([A-Za-z0-9][A-Za-z0-9\-\.]*?)\s*[:\s]\s*(.+)$", t):
        return m[1], m[2]
    if m := re.match(r"^([A-Z0-9]+?)(ex(?:on)?\d+(?:del|ins|skip|dup|mut)?)$", t, re.I):
        return m[1], m[2]
    return t, ""


def _fusion(token: str, rest: str, raw: str) -> Alteration | None:
    """'A::B', 'A-B' (both genes), optionally followed by 'fusion'."""
    for sep in ("::", "-", "/", "–"):
        if sep not in token:
            continue
        if sep == "-" and is_known_gene(token):
            return None
        left, right = token.split(sep, 1)
        if not left or not right or (sep != "::" and not (is_known_gene(left) and is_known_gene(right))):
            continue
        if rest and not _FUSION_WORDS.match(rest):
            continue
        five, three = normalise_gene(left), normalise_gene(right)
        return Alteration(gene=three, kind=AlterationKind.fusion, alteration=f"{five}::{three}", fusion_5p=five,
                          fusion_3p=three, consequence="gene_fusion", raw=raw)
    return None


def parse_alteration(text: str) -> Alteration:
    """Parse one report item about a gene. Raises AlterationParseError / UnknownGeneError (field-free)."""
    if not isinstance(text, str) or not text.strip():
        raise AlterationParseError("empty alteration")
    raw = re.sub(r"\s+", " ", text.strip())
    from oncotailor.vocab.cytogenetics import parse_cytogenetic

    if (cyto := parse_cytogenetic(raw)) is not None:
        return cyto
    if re.match(r"^(t|inv|del|der)\s*\(", raw, re.I):
        raise AlterationParseError(f"karyotype finding '{raw}' is not one OncoTailor maps to genes",
                                   hint="name the fusion or gene instead, e.g. 'SS18::SSX1' or 'TP53 loss'")
    token, rest = _split_gene(raw)
    rest = rest.strip()
    fused = _fusion(token, rest, raw)
    if fused:
        return fused
    if token.upper() in FAMILIES and not is_known_gene(token):
        raise AlterationParseError(f"'{token}' names a gene family", hint=f"name the gene: {FAMILIES[token.upper()]}")
    gene = normalise_gene(token)
    if not rest:
        raise AlterationParseError(f"no alteration given for {gene} in '{raw}'",
                                   hint="write 'GENE CHANGE', e.g. 'EGFR L858R' or 'ERBB2 amplification'")
    low = rest.lower().rstrip(".")
    if _FUSION_WORDS.match(low):
        return Alteration(gene=gene, kind=AlterationKind.fusion, alteration=f"{gene} fusion", consequence="gene_fusion",
                          raw=raw)
    m = re.match(r"^(?:fusion|rearrangement)\s+(?:with\s+)?([A-Za-z0-9\-]+)$", low)
    if m:
        partner = normalise_gene(m[1])
        return Alteration(gene=gene, kind=AlterationKind.fusion, alteration=f"{gene}::{partner}",
                          fusion_5p=gene, fusion_3p=partner, consequence="gene_fusion", raw=raw)
    if low in _CNA:
        cn = _CNA[low]
        return Alteration(gene=gene, kind=AlterationKind.copy_number, alteration=cn.value, copy_number=cn, raw=raw)
    if low in _EXPR:
        return Alteration(gene=gene, kind=AlterationKind.expression, alteration=_EXPR[low], raw=raw)
    if low in _CLASSES:
        name, cls = _CLASSES[low]
        cons = {"truncating": "truncating", "splice": "splice_region_variant", "inframe": "inframe_insertion"}.get(cls)
        return Alteration(gene=gene, alteration=name, consequence=cons, raw=raw)
    for parser in (_exon, _splice, _protein, _cdna):
        found = parser(gene, rest, raw)
        if found is not None:
            return _with_exon(found)
    raise AlterationParseError(
        f"cannot read the alteration '{rest}' of {gene}",
        hint="examples: V600E, p.Val600Glu, E746_A750del, exon 19 deletion, EML4::ALK, amplification, truncating",
    )


def _with_exon(alt: Alteration) -> Alteration:
    if alt.exon is None and alt.protein_start is not None:
        from oncotailor.vocab.exons import exon_of

        exon = exon_of(alt.gene, alt.protein_start)
        if exon is not None:
            return alt.model_copy(update={"exon": exon})
    return alt
