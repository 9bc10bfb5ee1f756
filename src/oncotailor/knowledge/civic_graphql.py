"""CIViC GraphQL JSON (https://civicdb.org/api/graphql) → the rows the TSV importer produces.

Reads the response of an ``evidenceItems`` query (one page, a JSON array of pages, or several page files),
or of a single ``evidenceItem`` query, as CIViC's public API returns it::

    {"data": {"evidenceItems": {"totalCount": 2, "pageInfo": {"hasNextPage": false, "endCursor": "…"},
              "nodes": [{"id": 1409, "name": "EID1409", "evidenceType": "PREDICTIVE", …}]}}}

Field names and enum values follow the CIViC v2 schema (``EvidenceItem``, ``MolecularProfile``, the
``Variant`` interface with ``GeneVariant``/``FusionVariant``/``FactorVariant``, ``Feature``, ``Disease``,
``Therapy``, ``Source``): enums arrive as their GraphQL names (``SENSITIVITYRESPONSE``, ``DOES_NOT_SUPPORT``)
and are turned into the display values the TSV exports carry (``Sensitivity/Response``), so everything
downstream sees one shape. ``edges { node }`` is accepted beside ``nodes``.

Validation is strict: text that is not JSON (e.g. a truncated download), a response that reports
``errors``, a node without a required field, or a value outside the schema's enum raises `InputError`
naming the file and the JSON path (``data.evidenceItems.nodes[3].evidenceLevel``).
Required per node: ``id``, ``evidenceType``, ``evidenceLevel``, ``evidenceDirection``, ``significance``,
``status``, ``variantOrigin``, ``molecularProfile { id name }``, ``disease`` (may be null),
``therapies { name }`` and ``source { citationId sourceType }``. Optional: ``name`` (must be ``EID<id>``),
``description``, ``evidenceRating``, ``therapyInteractionType``, ``disease.doid``, ``source.citation`` and
``molecularProfile.variants { id name feature { name featureType } }``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oncotailor.errors import InputError
from oncotailor.io_utils import read_utf8

EVIDENCE_TYPE = {"PREDICTIVE": "Predictive", "DIAGNOSTIC": "Diagnostic", "PROGNOSTIC": "Prognostic",
                 "PREDISPOSING": "Predisposing", "ONCOGENIC": "Oncogenic", "FUNCTIONAL": "Functional"}
LEVEL = {x: x for x in "ABCDE"}
DIRECTION = {"SUPPORTS": "Supports", "DOES_NOT_SUPPORT": "Does Not Support", "NA": "N/A"}
SIGNIFICANCE = {
    "SENSITIVITYRESPONSE": "Sensitivity/Response", "RESISTANCE": "Resistance",
    "REDUCED_SENSITIVITY": "Reduced Sensitivity", "ADVERSE_RESPONSE": "Adverse Response",
    "BETTER_OUTCOME": "Better Outcome", "POOR_OUTCOME": "Poor Outcome", "POSITIVE": "Positive",
    "NEGATIVE": "Negative", "NA": "N/A", "PATHOGENIC": "Pathogenic", "LIKELY_PATHOGENIC": "Likely Pathogenic",
    "BENIGN": "Benign", "LIKELY_BENIGN": "Likely Benign", "UNCERTAIN_SIGNIFICANCE": "Uncertain Significance",
    "GAIN_OF_FUNCTION": "Gain of Function", "LOSS_OF_FUNCTION": "Loss of Function",
    "UNALTERED_FUNCTION": "Unaltered Function", "NEOMORPHIC": "Neomorphic", "UNKNOWN": "Unknown",
    "DOMINANT_NEGATIVE": "Dominant Negative", "PREDISPOSITION": "Predisposition",
    "PROTECTIVENESS": "Protectiveness", "ONCOGENICITY": "Oncogenicity",
}
VARIANT_ORIGIN = {"SOMATIC": "Somatic", "RARE_GERMLINE": "Rare Germline", "COMMON_GERMLINE": "Common Germline",
                  "UNKNOWN": "Unknown", "NA": "N/A", "GERMLINE_OR_SOMATIC": "Germline or Somatic",
                  "COMBINED": "Combined"}
INTERACTION = {"COMBINATION": "Combination", "SEQUENTIAL": "Sequential", "SUBSTITUTES": "Substitutes"}
STATUS = {"ACCEPTED": "accepted", "SUBMITTED": "submitted", "REJECTED": "rejected"}
SOURCE_TYPE = {"PUBMED": "PubMed", "ASCO": "ASCO", "ASH": "ASH"}
FEATURE_TYPE = {"GENE": "Gene", "FACTOR": "Factor", "FUSION": "Fusion", "REGION": "Region"}
VARIANT_TYPENAME = {"GeneVariant": "Gene", "FusionVariant": "Fusion", "FactorVariant": "Factor"}
EVIDENCE_URL = "https://civicdb.org/links/evidence_items/{}"


@dataclass
class Snapshot:
    """One JSON file read: evidence rows in the TSV column names, plus profiles and variants when queried."""

    path: Path
    sha256: str
    evidence: list[dict[str, str]] = field(default_factory=list)
    profiles: dict[int, dict[str, Any]] = field(default_factory=dict)
    variants: dict[int, dict[str, Any]] = field(default_factory=dict)
    pages: int = 0
    total_count: int | None = None
    has_next_page: bool | None = None


def is_graphql(path: Path) -> bool:
    """A ``.json`` file, or any file whose first non-blank character opens a JSON object or array."""
    if path.suffix.lower() == ".json":
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(256).lstrip()
    except OSError:
        return False
    return head[:1] in (b"{", b"[")


def read_snapshot(path: Path) -> Snapshot:
    """Parse and validate one GraphQL response file (or a JSON array of responses)."""
    data, text = read_utf8(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=path, line=exc.lineno,
                         field="JSON", hint="is the download complete? a truncated file cannot be read") from None
    snap = Snapshot(path=path, sha256=hashlib.sha256(data).hexdigest())
    reader = _Reader(path, snap)
    if isinstance(doc, list):
        if not doc:
            raise reader.error("", "the JSON array holds no GraphQL responses")
        for i, page in enumerate(doc):
            reader.response(page, f"[{i}]")
    else:
        reader.response(doc, "")
    return snap


class _Reader:
    def __init__(self, path: Path, snap: Snapshot) -> None:
        self.path = path
        self.snap = snap

    def error(self, at: str, message: str, hint: str | None = None) -> InputError:
        return InputError(message, file=self.path, field=at or "(top level)", hint=hint)

    # --- structure -------------------------------------------------------------------------------------

    def obj(self, value: Any, at: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(at, f"expected a JSON object, found {_kind(value)}")
        return value

    def get(self, parent: dict[str, Any], key: str, at: str, *, required: bool = True) -> Any:
        if key not in parent:
            if required:
                raise self.error(_join(at, key), f"'{key}' is missing",
                                 hint=f"add {key} to the query's selection set")
            return None
        return parent[key]

    def response(self, doc: Any, at: str) -> None:
        doc = self.obj(doc, at)
        errors = doc.get("errors")
        if errors:
            first = errors[0] if isinstance(errors, list) and errors else errors
            msg = first.get("message") if isinstance(first, dict) else str(first)
            raise self.error(_join(at, "errors"), f"the GraphQL response reports an error: {str(msg)[:200]}",
                             hint="re-run the query; a response with errors may be incomplete")
        data = self.obj(self.get(doc, "data", at), _join(at, "data"))
        at_data = _join(at, "data")
        if "evidenceItems" in data:
            conn_at = _join(at_data, "evidenceItems")
            conn = self.obj(data["evidenceItems"], conn_at)
            self.page(conn, conn_at)
        elif "evidenceItem" in data:
            node_at = _join(at_data, "evidenceItem")
            if data["evidenceItem"] is None:
                raise self.error(node_at, "the evidence item was not found (null)")
            self.node(self.obj(data["evidenceItem"], node_at), node_at)
            self.snap.pages += 1
        else:
            raise self.error(at_data, "no 'evidenceItems' (or 'evidenceItem') in the response data",
                             hint="export the result of an evidenceItems query from https://civicdb.org/api/graphql")

    def page(self, conn: dict[str, Any], at: str) -> None:
        if "nodes" in conn:
            nodes_at = _join(at, "nodes")
            nodes = conn["nodes"]
            if not isinstance(nodes, list):
                raise self.error(nodes_at, f"expected a list, found {_kind(nodes)}")
            items = [(n, f"{nodes_at}[{i}]") for i, n in enumerate(nodes)]
        elif "edges" in conn:
            edges_at = _join(at, "edges")
            edges = conn["edges"]
            if not isinstance(edges, list):
                raise self.error(edges_at, f"expected a list, found {_kind(edges)}")
            items = []
            for i, e in enumerate(edges):
                e_at = f"{edges_at}[{i}]"
                items.append((self.get(self.obj(e, e_at), "node", e_at), _join(e_at, "node")))
        else:
            raise self.error(_join(at, "nodes"), "'nodes' is missing", hint="select nodes { … } in the query")
        for node, node_at in items:
            self.node(self.obj(node, node_at), node_at)
        self.snap.pages += 1
        total = conn.get("totalCount")
        if total is not None:
            self.snap.total_count = max(self.snap.total_count or 0, self.whole(total, _join(at, "totalCount")))
        info = conn.get("pageInfo")
        if isinstance(info, dict) and isinstance(info.get("hasNextPage"), bool):
            self.snap.has_next_page = info["hasNextPage"]

    # --- values ----------------------------------------------------------------------------------------

    def whole(self, value: Any, at: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(at, f"expected a whole number, found {_kind(value)}")
        return value

    def text(self, value: Any, at: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.error(at, f"expected text, found {_kind(value)}")
        return " ".join(value.split())

    def enum(self, value: Any, at: str, allowed: dict[str, str]) -> str:
        if not isinstance(value, str) or value not in allowed:
            shown = ", ".join(list(allowed)[:8]) + (", …" if len(allowed) > 8 else "")
            raise self.error(at, f"'{str(value)[:40]}' is not a CIViC value here (expected one of {shown})")
        return allowed[value]

    # --- one evidence item -----------------------------------------------------------------------------

    def node(self, node: dict[str, Any], at: str) -> None:
        g = self.get
        eid = self.whole(g(node, "id", at), _join(at, "id"))
        name = g(node, "name", at, required=False)
        if name is not None and name != f"EID{eid}":
            raise self.error(_join(at, "name"), f"name '{str(name)[:20]}' does not match id {eid} (EID{eid})")
        mp_at = _join(at, "molecularProfile")
        mp = self.obj(g(node, "molecularProfile", at), mp_at)
        mp_id = self.whole(g(mp, "id", mp_at), _join(mp_at, "id"))
        mp_name = self.text(g(mp, "name", mp_at), _join(mp_at, "name"))
        dis_at = _join(at, "disease")
        disease = g(node, "disease", at)
        dis_name, doid = "", ""
        if disease is not None:
            disease = self.obj(disease, dis_at)
            key = "name" if "name" in disease or "displayName" not in disease else "displayName"
            dis_name = self.text(g(disease, key, dis_at), _join(dis_at, key))
            doid = self.doid(disease.get("doid"), _join(dis_at, "doid"))
        th_at = _join(at, "therapies")
        therapies = g(node, "therapies", at)
        if not isinstance(therapies, list):
            raise self.error(th_at, f"expected a list, found {_kind(therapies)}")
        drugs = []
        for i, t in enumerate(therapies):
            t_at = f"{th_at}[{i}]"
            drugs.append(self.text(g(self.obj(t, t_at), "name", t_at), _join(t_at, "name")))
        src_at = _join(at, "source")
        src = self.obj(g(node, "source", at), src_at)
        cid = g(src, "citationId", src_at)
        if isinstance(cid, int) and not isinstance(cid, bool):
            cid = str(cid)
        citation_id = self.text(cid, _join(src_at, "citationId"))
        source_type = self.enum(g(src, "sourceType", src_at), _join(src_at, "sourceType"), SOURCE_TYPE)
        citation = src.get("citation")
        rating = node.get("evidenceRating")
        if rating is not None:
            rating = self.whole(rating, _join(at, "evidenceRating"))
            if not 1 <= rating <= 5:
                raise self.error(_join(at, "evidenceRating"), f"rating {rating} is outside 1-5")
        interaction = node.get("therapyInteractionType")
        description = node.get("description")
        row = {
            "evidence_id": str(eid),
            "molecular_profile": mp_name,
            "molecular_profile_id": str(mp_id),
            "disease": dis_name,
            "doid": doid,
            "therapies": ",".join(drugs),
            "therapy_interaction_type": "" if interaction is None else self.enum(
                interaction, _join(at, "therapyInteractionType"), INTERACTION),
            "evidence_type": self.enum(g(node, "evidenceType", at), _join(at, "evidenceType"), EVIDENCE_TYPE),
            "evidence_direction": self.enum(g(node, "evidenceDirection", at), _join(at, "evidenceDirection"),
                                            DIRECTION),
            "evidence_level": self.enum(g(node, "evidenceLevel", at), _join(at, "evidenceLevel"), LEVEL),
            "significance": self.enum(g(node, "significance", at), _join(at, "significance"), SIGNIFICANCE),
            "citation_id": citation_id,
            "source_type": source_type,
            "citation": "" if citation is None else self.text(citation, _join(src_at, "citation"), empty=True),
            "rating": "" if rating is None else str(rating),
            "variant_origin": self.enum(g(node, "variantOrigin", at), _join(at, "variantOrigin"), VARIANT_ORIGIN),
            "evidence_status": self.enum(g(node, "status", at), _join(at, "status"), STATUS),
            "last_review_date": "",
            "evidence_civic_url": EVIDENCE_URL.format(eid),
            "evidence_statement": "" if description is None else self.text(
                description, _join(at, "description"), empty=True),
        }
        self.snap.evidence.append(row)
        variants = mp.get("variants")
        if variants is not None:
            self.profile(mp_id, mp_name, variants, _join(mp_at, "variants"))

    def doid(self, value: Any, at: str) -> str:
        """The DOID as CIViC's TSV writes it: digits only, leading zeros kept; '' when absent."""
        if value is None or value == "":
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str):
            text = value.strip()
            digits = text[5:] if text.upper().startswith("DOID:") else text
            if digits.isdigit():
                return digits
        raise self.error(at, f"'{str(value)[:20]}' is not a Disease Ontology id", hint="e.g. \"3910\" or \"DOID:3910\"")

    def profile(self, mp_id: int, mp_name: str, variants: Any, at: str) -> None:
        if not isinstance(variants, list):
            raise self.error(at, f"expected a list, found {_kind(variants)}")
        ids = []
        for i, v in enumerate(variants):
            v_at = f"{at}[{i}]"
            v = self.obj(v, v_at)
            vid = self.whole(self.get(v, "id", v_at), _join(v_at, "id"))
            vname = self.text(self.get(v, "name", v_at), _join(v_at, "name"))
            ids.append(vid)
            kind = VARIANT_TYPENAME.get(str(v.get("__typename")))
            gene = five = three = None
            feature = v.get("feature")
            if feature is not None:
                f_at = _join(v_at, "feature")
                feature = self.obj(feature, f_at)
                gene = self.text(self.get(feature, "name", f_at), _join(f_at, "name"))
                if feature.get("featureType") is not None:
                    kind = self.enum(feature["featureType"], _join(f_at, "featureType"), FEATURE_TYPE)
                five = _partner(feature.get("fivePrimeGene"))
                three = _partner(feature.get("threePrimeGene"))
                if kind == "Fusion" and gene and "::" in gene and not (five or three):
                    five, _, three = gene.partition("::")
            types = v.get("variantTypes")
            vtypes = ",".join(str(t.get("name")) for t in types if isinstance(t, dict) and t.get("name")) \
                if isinstance(types, list) else None
            single = v.get("singleVariantMolecularProfileId")
            self.snap.variants[vid] = {
                "variant_id": vid, "feature_type": kind, "gene": gene, "variant": vname,
                "five_prime": five or None, "three_prime": three or None, "variant_types": vtypes or None,
                "molecular_profile_id": single if isinstance(single, int) and not isinstance(single, bool)
                else (mp_id if len(variants) == 1 else None),
                "layout": "graphql",
            }
        self.snap.profiles[mp_id] = {"molecular_profile_id": mp_id, "name": mp_name,
                                     "variant_ids": ", ".join(str(i) for i in ids)}


def _partner(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return str(value["name"])
    return None


def _join(at: str, key: str) -> str:
    return f"{at}.{key}" if at else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)
