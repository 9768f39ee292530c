"""Render network views to self-contained HTML served by the app (no CDN)."""

from __future__ import annotations

from pathlib import Path

import pyvis

# vis-network, tom-select and pyvis's bindings, as shipped inside the pyvis package; the app
# serves this folder at /static/vendor so that no page reaches for a CDN.
VENDOR_DIR = Path(pyvis.__file__).parent / "templates" / "lib"
