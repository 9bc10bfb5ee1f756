"""OncoTailor: personalized cancer medicine from one patient's data, with evidence.

The public face is small: `read_case`, `analyze`, and the `Case` and `Report` models.
Imports are lazy so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Case", "OncoTailorError", "Report", "__version__", "analyze", "read_case"]

if TYPE_CHECKING:
    from oncotailor.case import Case
    from oncotailor.errors import OncoTailorError
    from oncotailor.findings import Report
    from oncotailor.pipeline import analyze
    from oncotailor.readers import read_case

_LAZY = {
    "analyze": "oncotailor.pipeline",
    "read_case": "oncotailor.readers",
    "Case": "oncotailor.case",
    "Report": "oncotailor.findings",
    "OncoTailorError": "oncotailor.errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'oncotailor' has no attribute {name!r}")
