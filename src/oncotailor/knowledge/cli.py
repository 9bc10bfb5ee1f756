"""`oncotailor kb …`: list knowledge versions, import CIViC. Parses, calls the library, prints; no logic here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Knowledge tables: versions and imports.", no_args_is_help=True)
import_app = typer.Typer(help="Import an outside knowledge source into $ONCOTAILOR_HOME.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def table_version(data_dir: Path, name: str) -> tuple[str, dict[str, object]]:
    """The version `KnowledgeBase` would record for a table, reading only its meta block (fast for big tables)."""
    import hashlib

    import yaml

    yml = data_dir / f"{name}.yaml"
    if yml.exists():
        data = yml.read_bytes()
        digest = hashlib.sha256(data)
        head = data.split(b"\nrows:", 1)[0]
        meta = (yaml.safe_load(head) or {}).get("meta") or {}
    else:
        data = (data_dir / f"{name}.tsv").read_bytes()
        meta_bytes = (data_dir / f"{name}.meta.yaml").read_bytes()
        digest = hashlib.sha256(data)
        digest.update(meta_bytes)
        meta = yaml.safe_load(meta_bytes) or {}
    return f"{meta.get('version') or meta.get('date')}+{digest.hexdigest()[:12]}", meta


@app.command("versions")
def versions() -> None:
    """Every bundled knowledge table and every imported source, with its version and date."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from oncotailor.knowledge import default_kb
    from oncotailor.knowledge.civic import load_manifest
    from oncotailor.vocab.doid import table as doid_table

    kb = default_kb()
    table = Table("source", "version", "date", "title", box=None)
    for name in kb.all_tables():
        version, meta = table_version(kb.data_dir, name)
        table.add_row(escape(name), escape(version), escape(str(meta.get("date", ""))), escape(str(meta.get("title", ""))))
    doid = doid_table()
    table.add_row("doid_oncotree (vocab)", escape(doid.version), escape(str(doid.meta.get("date", ""))),
                  escape(f"{doid.meta.get('title', '')} ({len(doid.terms)} DOIDs)"))
    manifest = load_manifest(kb.home)
    if manifest:
        counts = manifest.get("counts", {})
        fmt = "GraphQL JSON" if manifest.get("format") == "graphql" else "TSV exports"
        table.add_row("civic (imported)", escape(str(manifest.get("version") or manifest.get("release"))),
                      escape(str(manifest.get("release"))),
                      escape(f"CIViC evidence from {fmt}: {counts.get('evidence', 0)} items "
                             f"({counts.get('predictive', 0)} predictive)"))
    else:
        table.add_row("civic (imported)", "-", "-", "not imported (oncotailor kb import civic FILE)")
    Console(highlight=False, soft_wrap=True).print(table)


@import_app.command("civic")
def import_civic_cmd(
    files: Annotated[list[Path], typer.Argument(help="CIViC TSV exports (ClinicalEvidenceSummaries + optional "
                                                     "MolecularProfileSummaries / VariantSummaries), or the JSON "
                                                     "of GraphQL evidenceItems queries (one file per page)")],
    release: Annotated[str | None, typer.Option("--release", help="release date YYYY-MM-DD (default: from the "
                                                                  "TSV file names, e.g. 01-Aug-2024-…; for JSON "
                                                                  "the file's modification date)")] = None,
    include_submitted: Annotated[bool, typer.Option("--include-submitted", help="also use items CIViC editors "
                                                    "have not accepted yet (marked as submitted)")] = False,
) -> None:
    """Import CIViC evidence as an extra, labelled research-level source (only accepted items by default)."""
    from oncotailor.knowledge.civic import import_civic
    from oncotailor.settings import home

    manifest = import_civic(files, home(), release, include_submitted=include_submitted)
    counts = manifest["counts"]
    skipped = manifest.get("skipped") or {}
    typer.echo(f"imported CIViC {manifest['version']}: {counts['evidence']} evidence items "
               f"({counts['predictive']} predictive)"
               + "".join(f", {counts[k]} {k}" for k in ("profiles", "variants") if k in counts)
               + "".join(f"; skipped {n} {status}" for status, n in sorted(skipped.items())), err=True)
    for warning in manifest.get("warnings") or []:
        typer.echo(f"warning: {warning}", err=True)
