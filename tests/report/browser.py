"""Headless Chromium for tests: screenshots and DOM dumps of rendered reports (same flags as PDF output)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from oncotailor.report.pdf import FLAGS, find_chromium

TIMEOUT_S = 90
SCREEN = (1280, 3600)


def chromium_args(page: Path, *extra: str, profile: Path) -> list[str]:
    exe = find_chromium()
    assert exe is not None
    flags = [f for f in FLAGS if f != "--no-pdf-header-footer"]
    return [exe, *flags, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]


def screenshot(page: Path, png: Path) -> Path:
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(chromium_args(page, "--hide-scrollbars", f"--window-size={SCREEN[0]},{SCREEN[1]}",
                                     f"--screenshot={png}", profile=Path(prof)),
                       capture_output=True, timeout=TIMEOUT_S, check=False)
    return png


def dump_dom(page: Path) -> str:
    """The DOM after scripts ran, as Chromium serialises it."""
    with tempfile.TemporaryDirectory() as prof:
        proc = subprocess.run(chromium_args(page, "--dump-dom", profile=Path(prof)), capture_output=True,
                              timeout=TIMEOUT_S, check=False)
    return proc.stdout.decode("utf-8", "replace")
