"""Where the real public data lives for tests, and what to do when it is not there.

The files are read in place from ``../shared/data/real`` beside the repository (never copied
into it). A fresh clone of a user's has no ``../shared``: tests that need the files skip
with the reason; with ``CI=true`` they fail instead, since CI always has the folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test with ``reason``, or fail it when ``CI=true`` (CI must not skip)."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} -- CI=true, so not skipping")
    pytest.skip(reason)


def real_data_dir(*needed: str | Path) -> Path:
    """``../shared/data/real``, after checking that the ``needed`` files (paths relative to
    it) are there; skips or fails (see ``skip_or_fail``) when one is missing."""
    missing = [str(p) for p in needed if not (REAL / p).exists()]
    if not REAL.is_dir() or missing:
        skip_or_fail(
            f"real public data not found at {REAL} (a fresh clone has no ../shared); "
            f"missing: {', '.join(missing) or 'the folder'}"
        )
    return REAL
