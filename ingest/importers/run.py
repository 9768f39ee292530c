"""Import one public source: convert it into a package, load it, report what happened.

The report says, per import, what was read from the source, which nodes are new, which
companies were merged into ones already known (and why), which source records could not be
placed and which package rows the validator rejected. Rejected rows never stop the others
(``skip_invalid=True``) and are always listed, so nothing is dropped silently.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.store import Store
from ingest.importers import get_importer
from ingest.importers.base import Unplaced
from ingest.load import IngestReport, Progress, ingest_package

RECORD_COLUMN = "record"
"""The extra package column naming the original source record of each row."""


@dataclass
class RejectedRecord:
    """A package row the validator refused, traced back to its source record."""

    file: str
    line: int
    record: str
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "reasons": self.reasons,
        }


@dataclass
class ImportReport:
    """What one ``partnergraph import`` did; ``as_dict()`` is the CLI's ``--json`` answer."""

    format: str
    path: str
    package: str
    backend: str
    read: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    merged: dict[str, int] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ingest: IngestReport | None = None
    convert_s: float = 0.0
    duration_s: float = 0.0

    @property
    def merged_total(self) -> int:
        return sum(self.merged.values())

    def as_dict(self) -> dict[str, Any]:
        ingest = self.ingest
        return {
            "format": self.format,
            "path": self.path,
            "package": self.package,
            "backend": self.backend,
            "read": self.read,
            "created": self.created,
            "merged": {"total": self.merged_total, "by_method": self.merged},
            "merges": self.merges,
            "unplaced": {
                "total": len(self.unplaced),
                "by_reason": dict(sorted(Counter(u.reason for u in self.unplaced).items())),
                "records": [u.as_dict() for u in self.unplaced],
            },
            "rejected": {
                "total": len(self.rejected),
                "rows": [r.as_dict() for r in self.rejected],
            },
            "package_rows": (
                {
                    name: {
                        "read": ingest.read.get(name, 0),
                        "loaded": ingest.loaded.get(name, 0),
                        "rejected": ingest.rejected.get(name, 0),
                    }
                    for name in sorted(ingest.read)
                }
                if ingest
                else {}
            ),
            "review_candidates": len(ingest.reviews) if ingest else 0,
            "notes": self.notes,
            "convert_s": round(self.convert_s, 3),
            "duration_s": round(self.duration_s, 3),
        }


def _record_of(package_dir: Path, file: str, cells: list[str]) -> str:
    """The ``record`` cell of a rejected row (its header is read from the package file)."""
    path = package_dir / file
    if not path.is_file():
        return ""
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    if RECORD_COLUMN in header:
        idx = header.index(RECORD_COLUMN)
        if idx < len(cells):
            return cells[idx]
    return ""


def import_source(
    store: Store,
    format: str,
    path: Path | str,
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Convert ``path`` (of ``format``) into a temporary package and load it into ``store``.

    Raises :class:`ingest.importers.UnknownFormat` for an unknown format,
    ``FileNotFoundError`` when ``path`` does not exist, and ``ValueError`` from a converter
    when the source is not of the format it claims.
    """
    clock = time.perf_counter()
    importer = get_importer(format)
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(f"no such file or folder: {source}")
    before = store.counts()
    with tempfile.TemporaryDirectory(prefix=f"import-{format}-") as tmp:
        if progress:
            progress("converting", 0, 1)
        converted = importer.convert(source, Path(tmp), store)
        convert_s = time.perf_counter() - clock
        if progress:
            progress("converting", 1, 1)
        ingest = ingest_package(store, converted.package_dir, skip_invalid=True, progress=progress)
        rejected = [
            RejectedRecord(
                file=rej.file,
                line=rej.line,
                record=_record_of(converted.package_dir, rej.file, rej.cells),
                reasons=[str(p) for p in rej.problems],
            )
            for rej in ingest.rejected_rows
        ]
    after = store.counts()
    created = {
        label: after.get(label, 0) - before.get(label, 0)
        for label in sorted(after)
        if after.get(label, 0) != before.get(label, 0)
    }
    merged = dict(sorted(Counter(m["method"] for m in ingest.merges).items()))
    return ImportReport(
        format=format,
        path=str(source),
        package=ingest.package,
        backend=store.backend,
        read=dict(converted.read),
        created=created,
        merged=merged,
        merges=ingest.merges,
        unplaced=list(converted.unplaced),
        rejected=rejected,
        notes=list(converted.notes),
        ingest=ingest,
        convert_s=convert_s,
        duration_s=time.perf_counter() - clock,
    )


__all__ = ["ImportReport", "RejectedRecord", "import_source"]


REAL_SET_ORDER: tuple[str, ...] = (
    "un-entities",
    "ungc-register-2009",
    "ungc-participants",
    "un-sc-sanctions-xml",
    "world-bank-debarred",
    "sdg-partnerships",
)
"""Every format, in the order a whole real set is imported: agencies first (the SDG
partnerships recognise them), the 2009 register before the 2017 participants (the later
package's values win, and the 2017 file is newer), the lists, then the SDG partnerships (which
recognise the companies of the two Global Compact files)."""


def import_real_set(
    store: Store, root: Path | str, *, progress: Progress | None = None
) -> list[ImportReport]:
    """Import every format from its ``default_path`` under ``root`` (the layout of
    ``shared/data/real``), in :data:`REAL_SET_ORDER`; one report per format."""
    base = Path(root)
    return [
        import_source(store, name, base / get_importer(name).default_path, progress=progress)
        for name in REAL_SET_ORDER
    ]
