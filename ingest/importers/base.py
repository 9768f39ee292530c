"""What every importer is: a converter from a public source file into a data package.

Importers never write to a store themselves. They write an ordinary data package (the CSV
format of ``docs/data-package.md``) and :mod:`ingest.importers.run` loads it with
:func:`ingest.load.ingest_package`, so validation, company resolution across sources,
idempotence and the ``source`` of every record are the same as for a coordinator's package.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from graph.store import Store


@dataclass(frozen=True)
class Unplaced:
    """A source record that could not become part of the package, and why."""

    record: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"record": self.record, "reason": self.reason}


@dataclass
class Converted:
    """The result of converting one source: the package written and what was read."""

    package_dir: Path
    read: dict[str, int]
    unplaced: list[Unplaced]
    notes: list[str] = field(default_factory=list)


Convert = Callable[[Path, Path, Store], Converted]
"""``convert(source, out_dir, store)``: read ``source`` (a file or folder), write a package
into ``out_dir`` and return what happened; ``store`` is read-only context (may be unused)."""


@dataclass(frozen=True)
class Importer:
    """One public format that ``partnergraph import FORMAT PATH`` understands."""

    format: str
    description: str
    default_path: str
    convert: Convert


def write_csv(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    *,
    sort_key: str | None = "id",
) -> int:
    """Write ``rows`` as a package CSV, deterministically (sorted, ``\\n`` line ends).

    Deterministic output makes the package's checksum stable, so re-importing the same source
    is recognised as the same package and changes nothing. Values that are lists are joined
    with ``|``; ``None`` becomes an empty cell. Returns the number of rows written.
    """
    items = list(rows)
    if sort_key is not None:
        items.sort(key=lambda r: str(r.get(sort_key) or ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for item in items:
            writer.writerow([_cell(item.get(col)) for col in columns])
    return len(items)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value if v not in (None, ""))
    return str(value)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a source CSV as ``(line, {column: stripped text})``.

    ``line`` counts as a spreadsheet does (header = 1, first data row = 2; blank rows are
    counted but not returned), so ``file#line`` in a ``record`` points at the real row.
    """
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            yield (
                line,
                {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)},
            )


def require_columns(path: Path, needed: Iterable[str]) -> None:
    """Raise ``ValueError`` when ``path`` is not a file or lacks a column its format needs,
    so a wrong file is refused with a clear message rather than loaded as nonsense."""
    require_file(path)
    missing = sorted(set(needed) - set(header_of(path)))
    if missing:
        raise ValueError(f"{path.name} is missing column(s) {', '.join(missing)}")


def require_file(path: Path) -> None:
    """Raise ``ValueError`` (the importers' "wrong source" error) when ``path`` is not a file."""
    if not path.is_file():
        raise ValueError(f"{path} is not a file")


def split_outside_parentheses(text: str, separators: str) -> list[str]:
    """``text`` split at each of ``separators`` that stands outside parentheses (pieces
    as they are, not stripped). A stray ``)`` does not stop later splits.

    >>> split_outside_parentheses("WWF (Fiji, Samoa), WCS; UNEP", ",;")
    ['WWF (Fiji, Samoa)', ' WCS', ' UNEP']
    >>> split_outside_parentheses("A) ; B", ";")
    ['A) ', ' B']
    """
    pieces, depth, current = [], 0, ""
    for ch in text:
        depth = max(0, depth + {"(": 1, ")": -1}.get(ch, 0))
        if ch in separators and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def header_of(path: Path) -> list[str]:
    """The header row of a CSV file (empty for an empty file)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh), [])]


def _mojibake_char(byte: int) -> str:
    """How a byte of UTF-8 reads when the text was decoded as cp1252 (latin-1 for the five
    bytes cp1252 leaves undefined)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_MOJIBAKE: Final = re.compile(
    "[{lead}][{cont}]".format(
        lead=re.escape("".join(_mojibake_char(b) for b in range(0xC2, 0xF5))),
        cont=re.escape("".join(_mojibake_char(b) for b in range(0x80, 0xC0))),
    )
)
"""A UTF-8 lead byte followed by a continuation byte, both read as cp1252: ``Ã¼`` (ü),
``Ã“`` (Ó), ``Â²`` (²), ``â€`` (the start of ’ and “)."""


def repair_mojibake(text: str) -> str:
    """``text`` with UTF-8 that was decoded as cp1252 (or latin-1) turned back, when it is
    wholly such mojibake; otherwise ``text`` unchanged.

    The text is re-encoded as cp1252 (latin-1 for the bytes cp1252 leaves undefined) and
    decoded as UTF-8; the repair is kept only when both succeed and the result has no
    mojibake left. A text mixing proper accents with mojibake, or whose bytes were lost
    ("Ãukurova": the second byte of Ç is gone), stays as written.

    >>> repair_mojibake("GIZ - Deutsche Gesellschaft fÃ¼r Internationale Zusammenarbeit GmbH")
    'GIZ - Deutsche Gesellschaft für Internationale Zusammenarbeit GmbH'
    >>> repair_mojibake("AUTOMATIZACIÃ“N AVANZADA S.A."), repair_mojibake("gmcÂ² GmbH")
    ('AUTOMATIZACIÓN AVANZADA S.A.', 'gmc² GmbH')
    >>> repair_mojibake("PROSEGUR COMPAÃ‘Ã\x8dA DE SEGURIDAD S.A.")
    'PROSEGUR COMPAÑÍA DE SEGURIDAD S.A.'
    >>> repair_mojibake("Nestlé"), repair_mojibake("Ãukurova University")
    ('Nestlé', 'Ãukurova University')
    """
    if not _MOJIBAKE.search(text):
        return text
    try:
        raw = b"".join(_undo_char(c) for c in text)
        repaired = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return text if _MOJIBAKE.search(repaired) else repaired


def _undo_char(char: str) -> bytes:
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        return char.encode("latin-1")


def package_dir(out_dir: Path, name: str) -> Path:
    """The package folder ``out_dir/name``: its name is the ``source`` prefix of every fact."""
    target = out_dir / name
    target.mkdir(parents=True, exist_ok=True)
    return target


__all__ = [
    "Convert",
    "Converted",
    "Importer",
    "Unplaced",
    "header_of",
    "package_dir",
    "read_rows",
    "repair_mojibake",
    "require_columns",
    "require_file",
    "split_outside_parentheses",
    "write_csv",
]
