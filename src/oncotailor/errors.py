"""One error family, so callers catch by meaning.

    OncoTailorError
    ├── InputError            bad user input: exit code 2; carries file, line, field and a hint
    │   ├── UnknownGeneError
    │   ├── UnknownCancerTypeError
    │   ├── AlterationParseError
    │   └── GenomeBuildError
    ├── KnowledgeError        a knowledge table failed its schema or is missing: exit code 1
    └── InternalError         a bug: exit code 1

Messages say what to fix and never carry patient data beyond the offending token.
"""

from __future__ import annotations

from pathlib import Path


class OncoTailorError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(OncoTailorError):
    """The input cannot be used as given; the message names where and what to fix."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(Path(self.file).name if len(self.file) > 200 else self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def at(
        self, *, file: str | Path | None = None, line: int | None = None, field: str | None = None
    ) -> InputError:
        """Add location context while the error rises, keeping what is already known."""
        if file is not None and self.file is None:
            self.file = str(file)
        if line is not None and self.line is None:
            self.line = line
        if field is not None and self.field is None:
            self.field = field
        return self


class UnknownGeneError(InputError):
    def __init__(self, symbol: str, suggestions: list[str] | None = None, **where: object) -> None:
        hint = f"did you mean {', '.join(suggestions)}?" if suggestions else "use an HGNC-approved symbol"
        super().__init__(f"unknown gene '{symbol}'", hint=hint, **where)  # type: ignore[arg-type]
        self.symbol = symbol
        self.suggestions = suggestions or []


class UnknownCancerTypeError(InputError):
    def __init__(self, name: str, suggestions: list[str] | None = None, **where: object) -> None:
        hint = (
            f"did you mean {', '.join(suggestions)}?"
            if suggestions
            else "use an OncoTree code (e.g. LUAD) or a common name"
        )
        super().__init__(f"unknown cancer type '{name}'", hint=hint, **where)  # type: ignore[arg-type]
        self.name = name
        self.suggestions = suggestions or []


class AlterationParseError(InputError):
    pass


class GenomeBuildError(InputError):
    pass


class KnowledgeError(OncoTailorError):
    """A bundled or imported knowledge table is missing or fails its schema."""


class InternalError(OncoTailorError):
    pass
