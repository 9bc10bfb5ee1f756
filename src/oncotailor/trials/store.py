"""The trial store: SQLAlchemy 2 tables in SQLite (default, under $ONCOTAILOR_HOME) or PostgreSQL (by URL).

One row per trial (its latest snapshot, the full model as JSON) plus index tables the prefilter joins on:
`trial_codes` (each trial's OncoTree codes *and* their ancestors, flagged `direct`), `trial_genes` (genes a
biomarker-selected trial requires) and `trial_sites` (geocoded sites, for distance and postcode lookup).
Writes happen in one transaction per import: a failed import leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine

from oncotailor.errors import InputError
from oncotailor.settings import database_url
from oncotailor.trials.model import Trial
from oncotailor.trials.oncotree import lineage

metadata = MetaData()
trials_t = Table(
    "trials", metadata,
    Column("nct_id", String(64), primary_key=True),
    Column("snapshot_date", String(10)),
    Column("source_format", String(16), nullable=False),
    Column("status", String(32), nullable=False),
    Column("is_open", Boolean, nullable=False, index=True),
    Column("phase", String(8)),
    Column("title", Text, nullable=False),
    Column("biomarker_selected", Boolean, nullable=False),
    Column("data", Text, nullable=False),
    Column("eligibility_text", Text),  # kept apart: matching never needs it, display does
)
codes_t = Table(
    "trial_codes", metadata,
    Column("nct_id", String(64), nullable=False, index=True),
    Column("code", String(64), nullable=False, index=True),
    Column("direct", Boolean, nullable=False),
)
genes_t = Table(
    "trial_genes", metadata,
    Column("nct_id", String(64), nullable=False, index=True),
    Column("gene", String(32), nullable=False, index=True),
)
sites_t = Table(
    "trial_sites", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nct_id", String(64), nullable=False, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("postcode", String(32), index=True),
    Column("country", String(64)),
)
meta_t = Table("trial_store_meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

UNMAPPED = "_UNMAPPED_"


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0
    ids: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.kept_newer


@dataclass(frozen=True)
class PatientKeys:
    """What the prefilter needs from a case: OncoTree code, solid or not, altered and tested genes."""

    code: str | None
    solid: bool | None = None
    altered: frozenset[str] = frozenset()
    tested: frozenset[str] | None = None  # None = coverage unknown: no gene-based cut


class TrialStore:
    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True)
        metadata.create_all(self.engine)

    # ── writing ───────────────────────────────────────────────────────
    def upsert(self, trials: Iterable[Trial]) -> ImportResult:
        """Insert or replace by NCT id, keeping the newer snapshot; all or nothing."""
        res = ImportResult()
        with self.engine.begin() as conn:
            for t in trials:
                data = t.model_dump_json(exclude={"source_file", "eligibility_text"})
                snap = t.snapshot_date.isoformat() if t.snapshot_date else None
                row = conn.execute(select(trials_t.c.snapshot_date, trials_t.c.data)
                                   .where(trials_t.c.nct_id == t.nct_id)).first()
                res.ids.append(t.nct_id)
                if row is not None:
                    if row.data == data:
                        res.unchanged += 1
                        continue
                    if row.snapshot_date and snap and row.snapshot_date > snap:
                        res.kept_newer += 1
                        continue
                    for tbl in (codes_t, genes_t, sites_t):
                        conn.execute(delete(tbl).where(tbl.c.nct_id == t.nct_id))
                    conn.execute(update(trials_t).where(trials_t.c.nct_id == t.nct_id).values(**self._row(t, data)))
                    res.updated += 1
                else:
                    conn.execute(insert(trials_t).values(nct_id=t.nct_id, **self._row(t, data)))
                    res.added += 1
                self._index(conn, t)
        return res

    @staticmethod
    def _row(t: Trial, data: str) -> dict[str, object]:
        return {"snapshot_date": t.snapshot_date.isoformat() if t.snapshot_date else None,
                "source_format": t.source_format, "status": t.status, "is_open": t.is_open, "phase": t.phase,
                "title": t.title, "biomarker_selected": bool(t.biomarker_genes()), "data": data,
                "eligibility_text": t.eligibility_text}

    @staticmethod
    def _index(conn: object, t: Trial) -> None:
        rows: dict[tuple[str, bool], None] = {}
        for code in t.oncotree_codes or [UNMAPPED]:
            rows[(code, True)] = None
            for anc in lineage(code)[1:]:
                rows.setdefault((anc, False), None)
        c = conn
        c.execute(insert(codes_t), [{"nct_id": t.nct_id, "code": k, "direct": d} for k, d in rows])  # type: ignore[attr-defined]
        genes = sorted(t.biomarker_genes())
        if genes:
            c.execute(insert(genes_t), [{"nct_id": t.nct_id, "gene": g} for g in genes])  # type: ignore[attr-defined]
        sites = [{"nct_id": t.nct_id, "lat": s.lat, "lon": s.lon, "postcode": (s.postcode or "").strip() or None,
                  "country": s.country} for s in t.sites]
        if sites:
            c.execute(insert(sites_t), sites)  # type: ignore[attr-defined]

    def set_meta(self, key: str, value: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(meta_t).where(meta_t.c.key == key))
            if value is not None:
                conn.execute(insert(meta_t).values(key=key, value=value))

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(meta_t.c.value).where(meta_t.c.key == key)).scalar()

    # ── reading ───────────────────────────────────────────────────────
    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(trials_t)).scalar() or 0)

    def version(self) -> str:
        """'<latest snapshot date> (<n> trials)' for the report's knowledge_versions."""
        with self.engine.connect() as conn:
            n, latest = conn.execute(select(func.count(), func.max(trials_t.c.snapshot_date))).one()
        return f"snapshot {latest or 'undated'} ({n} trials)"

    def get(self, nct_id: str) -> Trial | None:
        """One trial with its full eligibility text."""
        with self.engine.connect() as conn:
            row = conn.execute(select(trials_t.c.data, trials_t.c.eligibility_text)
                               .where(trials_t.c.nct_id == nct_id)).first()
        if row is None:
            return None
        t = Trial.model_validate_json(row.data)
        t.eligibility_text = row.eligibility_text
        return t

    def all(self) -> list[Trial]:
        """Every trial, without the raw eligibility text (its criteria are kept)."""
        with self.engine.connect() as conn:
            return [Trial.model_validate_json(d) for d in conn.execute(select(trials_t.c.data)).scalars()]

    def candidates(self, keys: PatientKeys, *, open_only: bool = True, genes: Sequence[str] = ()) -> list[Trial]:
        """Trials whose cancer type can fit the patient and whose required genes are not known absent.

        Cancer type: a trial code equal to or above the patient's (broader), or below it (narrower: the
        patient's record may just be less specific), pan-cancer codes, and trials we could not map. Genes: a
        biomarker-selected trial survives when the tumor carries one of its genes or the gene was not tested.
        `genes` further restricts to trials requiring one of these genes (search).
        """
        cond: list[Any] = []
        if keys.code:
            lin = list(lineage(keys.code))
            pan = ["_ANY_", UNMAPPED] + (["_SOLID_"] if keys.solid else ["_LIQUID_"] if keys.solid is False else
                                         ["_SOLID_", "_LIQUID_"])
            code_match = exists().where(and_(
                codes_t.c.nct_id == trials_t.c.nct_id,
                or_(and_(codes_t.c.direct.is_(True), codes_t.c.code.in_(lin + pan)),
                    codes_t.c.code == keys.code)))
            cond.append(code_match)
        if keys.tested is not None:
            ok_gene = exists().where(and_(
                genes_t.c.nct_id == trials_t.c.nct_id,
                or_(genes_t.c.gene.in_(sorted(keys.altered)), genes_t.c.gene.not_in(sorted(keys.tested)))))
            cond.append(or_(trials_t.c.biomarker_selected.is_(False), ok_gene))
        if genes:
            cond.append(exists().where(and_(genes_t.c.nct_id == trials_t.c.nct_id, genes_t.c.gene.in_(list(genes)))))
        if open_only:
            cond.append(trials_t.c.is_open.is_(True))
        stmt = select(trials_t.c.data).where(*cond).order_by(trials_t.c.nct_id)
        with self.engine.connect() as conn:
            return [Trial.model_validate_json(d) for d in conn.execute(stmt).scalars()]

    def postcode_location(self, postcode: str, country: str | None = None) -> tuple[float, float] | None:
        """Mean position of the geocoded sites the store holds for a postcode (offline; no geocoding service)."""
        pc = postcode.strip()
        stmt = select(func.avg(sites_t.c.lat), func.avg(sites_t.c.lon)).where(
            sites_t.c.postcode == pc, sites_t.c.lat.is_not(None), sites_t.c.lon.is_not(None))
        if country:
            stmt = stmt.where(func.lower(sites_t.c.country) == country.lower())
        with self.engine.connect() as conn:
            lat, lon = conn.execute(stmt).one()
            if lat is None and len(pc) >= 3:  # fall back to the postcode's prefix area
                stmt2 = select(func.avg(sites_t.c.lat), func.avg(sites_t.c.lon)).where(
                    sites_t.c.postcode.like(pc[:3] + "%"), sites_t.c.lat.is_not(None))
                lat, lon = conn.execute(stmt2).one()
        return (float(lat), float(lon)) if lat is not None else None


def import_path(store: TrialStore, path: Path) -> ImportResult:
    """Read every record first (InputError names file, record, field), then write them in one transaction."""
    from oncotailor.trials.importers import read_trials

    if not path.exists():
        raise InputError("no such file", file=path)
    trials = list(read_trials(path))
    if not trials:
        raise InputError("no trial records found", file=path)
    return store.upsert(trials)
