"""`oncotailor trials import | update | search` — the trial store from the command line.

Exit codes as everywhere: 0 success, 2 invalid input (file, record, field named), 1 internal error.
`update` offline says so on stderr, keeps the store as it was and exits 0.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from oncotailor.errors import InputError, OncoTailorError

app = typer.Typer(help="Clinical trials: import records, update from ClinicalTrials.gov, search.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DbOpt = Annotated[str | None, typer.Option("--db", help="database URL (default: $ONCOTAILOR_DB or SQLite under "
                                                        "$ONCOTAILOR_HOME)")]


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(e: OncoTailorError) -> None:
    from rich.markup import escape

    _console().print(f"[bold red]error:[/] {escape(str(e))}")
    raise typer.Exit(e.exit_code)


@app.command("import")
def import_(path: Annotated[Path, typer.Argument(help="CT.gov v2 JSON (one study, array or zip), NCI CTS "
                                                      "JSON/JSONL, or CTML JSON/YAML")],
            db: DbOpt = None) -> None:
    """Import trial records into the store (re-import is idempotent; newer snapshots replace older)."""
    from oncotailor.trials.store import TrialStore, import_path

    try:
        store = TrialStore(db)
        r = import_path(store, path)
    except OncoTailorError as e:
        _fail(e)
        return
    _console().print(f"imported {r.total} trial(s) from {path.name}: {r.added} added, {r.updated} updated, "
                     f"{r.unchanged} unchanged, {r.kept_newer} kept (stored snapshot newer); store: "
                     f"{store.version()}")


@app.command()
def update(db: DbOpt = None,
           max_pages: Annotated[int | None, typer.Option(help="stop after this many pages (resume later)")] = None,
           page_size: Annotated[int, typer.Option(min=1, max=1000)] = 100) -> None:
    """Download recruiting cancer trials from the ClinicalTrials.gov API v2 (resumable)."""
    import httpx
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from oncotailor.trials.store import TrialStore
    from oncotailor.trials.update import UpdateOffline, run_update

    store = TrialStore(db)
    con = _console()
    with Progress(TextColumn("ClinicalTrials.gov"), BarColumn(), MofNCompleteColumn(), console=con,
                  transient=True) as bar:
        task = bar.add_task("download", total=None)

        def tick(n: int, total: int | None) -> None:
            bar.update(task, advance=n, total=total)

        try:
            with httpx.Client(transport=_transport()) as client:
                r = run_update(store, client, page_size=page_size, max_pages=max_pages, progress=tick)
        except UpdateOffline as e:
            con.print(f"[yellow]offline:[/] could not reach ClinicalTrials.gov ({e}); the trial store is "
                      f"unchanged: {store.version()}. Import a downloaded file with `oncotailor trials import`.")
            return
        except OncoTailorError as e:
            _fail(e)
            return
    state = "complete" if r.complete else "paused (run `oncotailor trials update` again to resume)"
    con.print(f"update {state}: {r.pages} page(s), {r.studies} studies ({r.added} added, {r.updated} updated)"
              f"{', resumed from saved page' if r.resumed else ''}; store: {store.version()}")


def _transport():
    """The HTTP transport; tests replace this function to serve a recorded response."""
    import httpx

    return httpx.HTTPTransport(retries=1)


def _near(text: str, store: object) -> tuple[float, float]:
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*", text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"'{text}' is not a latitude,longitude pair", field="--near")
        return lat, lon
    loc = store.postcode_location(text)  # type: ignore[attr-defined]
    if loc is None:
        raise InputError(f"postcode '{text}' not found among the geocoded trial sites in the store",
                         field="--near", hint="give LAT,LON instead (no geocoding service is used)")
    return loc


@app.command()
def search(cancer: Annotated[str, typer.Option("--cancer", help="cancer type: OncoTree code or name")],
           gene: Annotated[list[str] | None, typer.Option("--gene", help="require trials selecting this gene")] = None,
           near: Annotated[str | None, typer.Option("--near", help="LAT,LON or a postcode")] = None,
           radius_km: Annotated[float | None, typer.Option("--radius-km", min=0)] = None,
           limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
           include_closed: Annotated[bool, typer.Option("--all", help="include trials not recruiting")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
           db: DbOpt = None) -> None:
    """Find trials by cancer type, gene and distance, without a case file."""
    from oncotailor.case import Case
    from oncotailor.settings import database_url
    from oncotailor.trials.engine import NO_STORE, _store_exists
    from oncotailor.trials.facts import facts_of
    from oncotailor.trials.prefilter import keys_of
    from oncotailor.trials.rank import match_facts
    from oncotailor.trials.store import TrialStore
    from oncotailor.vocab.genes import normalise_gene
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        url = database_url(db)
        if not _store_exists(url):
            raise InputError(NO_STORE)
        store = TrialStore(url)
        if store.count() == 0:
            raise InputError(NO_STORE)
        tt = _resolve(resolve_cancer_type, cancer)
        genes = [normalise_gene(g) for g in gene or []]
        here = _near(near, store) if near else None
        case = Case.model_validate({"diagnosis": {"cancer_type": tt.code, "oncotree_code": tt.code}})
        facts = facts_of(case, here)
        trials = store.candidates(keys_of(facts), open_only=not include_closed, genes=genes)
        matches = match_facts(facts, trials, limit=limit, radius_km=radius_km)
    except OncoTailorError as e:
        _fail(e)
        return
    if as_json:
        sys.stdout.write(json.dumps([m.model_dump(mode="json") for m in matches], indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(matches)} trial(s) for {tt.code}" + (f" with {', '.join(genes)}" if genes else ""))
    for col in ("NCT id", "status", "phase", "title", "nearest site", "km"):
        table.add_column(col)
    for m in matches:
        s = m.nearest_site
        table.add_row(m.nct_id, m.status, m.phase or "", m.title[:60],
                      ", ".join(x for x in (s.facility, s.city, s.country) if x) if s else "",
                      f"{s.distance_km:.0f}" if s and s.distance_km is not None else "")
    Console(highlight=False).print(table)


def _resolve(fn, text: str):
    try:
        return fn(text)
    except InputError as e:
        raise e.at(field="--cancer") from None
