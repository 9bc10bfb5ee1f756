"""The `oncotailor` command: parse, call the Python API, render. Errors are caught once, here.

Exit codes: 0 success, 2 invalid input (message names file, line, field), 1 internal error.
Reports go to stdout or `-o FILE`; progress and messages go to stderr.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from oncotailor.errors import InputError, OncoTailorError

app = typer.Typer(
    name="oncotailor",
    help="Personalized cancer medicine: targeted therapy, pharmacogenomics, risk, recurrence and trials.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    json = "json"
    html = "html"
    patient_html = "patient-html"
    fhir = "fhir"
    pdf = "pdf"
    patient_pdf = "patient-pdf"


@app.callback()
def _root() -> None:
    """Personalized cancer medicine: targeted therapy, pharmacogenomics, risk, recurrence and trials."""


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {escape(message)}")


class _Progress:
    """Stage names on stderr while a long read or analysis runs; only on a terminal, never patient data."""

    def __init__(self, enabled: bool) -> None:
        self._status = None
        if enabled:
            from rich.console import Console

            self._status = Console(stderr=True).status("starting …")
            self._status.start()

    def stage(self, text: str) -> None:
        if self._status is not None:
            self._status.update(text)

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()


@app.command()
def analyze(
    case: Annotated[Path, typer.Argument(help="case file (YAML/JSON), Phenopacket v2 JSON or FHIR bundle")],
    format: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")] = None,
    lang: Annotated[str, typer.Option("--lang", help="language of the patient texts")] = "en",
    as_of: Annotated[str | None, typer.Option("--as-of", help="date the case describes (YYYY-MM-DD)")] = None,
) -> None:
    """Analyze one case and write its report."""
    import datetime as dt

    from oncotailor.io_utils import write_atomic
    from oncotailor.pipeline import analyze as run
    from oncotailor.readers import read_case
    from oncotailor.report import render

    progress = _Progress(sys.stderr.isatty())
    try:
        progress.stage("reading the case and its data files …")
        c = read_case(case)
        if as_of:
            try:
                c.as_of = dt.date.fromisoformat(as_of)
            except ValueError:
                raise InputError(f"not a date: '{as_of}'", field="--as-of", hint="use YYYY-MM-DD") from None
        progress.stage("matching therapies, PGx, risk, recurrence and trials …")
        report = run(c)
        progress.stage(f"writing the {format.value} report …")
        out = render(report, format.value, lang=lang)
    finally:
        progress.stop()
    if output is None:
        if isinstance(out, bytes):
            sys.stdout.buffer.write(out)
        else:
            sys.stdout.write(out)
    else:
        write_atomic(output, out)
        typer.echo(f"wrote {output}", err=True)


def _register_subapps() -> None:
    """Sub-commands live beside the code they drive; each module keeps its heavy imports inside commands."""
    from importlib import import_module

    for name, module in (("kb", "oncotailor.knowledge.cli"), ("trials", "oncotailor.trials.cli"),
                         ("cohort", "oncotailor.cohort.cli"), ("serve", "oncotailor.service.cli")):
        try:
            mod = import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        sub = getattr(mod, "app", None)
        if isinstance(sub, typer.Typer):
            app.add_typer(sub, name=name)
        elif callable(getattr(mod, "command", None)):
            app.command(name=name)(mod.command)


_register_subapps()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; click prints usage errors itself (exit 2), our errors are printed here once."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="oncotailor", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except OncoTailorError as exc:
        _err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for users; the type name is enough to report it
        _err(f"internal error ({type(exc).__name__}); please report it with the command you ran")
        return 1
    return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
