"""``world-bank-debarred``: the World Bank's list of debarred and ineligible firms as exclusions.

Each firm becomes an ``exclusions.csv`` row of list ``world-bank`` with its ineligibility
period as ``from``/``to``. Screening (``queries/screening.py``) only matches an entry *in
force* on the day asked (``from <= as_of <= to``, either end open), so a firm whose period has
ended stops flagging companies of that name, and one with no end date (a permanent
debarment, or a period this copy of the list does not give) flags until a later list says
otherwise.

- Names: "formerly known as", "f/k/a", "also known as", "a.k.a.", "d/b/a" inside the name or
  in the additional-information column separate further names of the same firm; they become
  aliases (a debarred firm's former name is still a name it may trade under).
- Ids are stable across downloads of the list: ``wb-<name as a slug>`` plus ``-<from>`` when
  the period's start is known, so the same debarment in a newer file updates the same entry.
  Rows repeating a firm and period already seen (the 2025-01-07 copy repeats some firms up to
  five times, its dates being blank) are kept as one entry whose ``record`` lists every line.
- Dates: ISO (``2019-06-13``), ``13-JUN-2019`` or ``06/13/2019``; ``Permanent``, ``Ongoing``
  or ``Indefinite`` mean no end. A date that cannot be read is left open (the entry stays in
  force: a false alarm a human clears is better than a debarred firm let through) and the
  cell is kept as ``period_as_written``; the report counts such rows.

The copy in ``shared/data/real`` (2025-01-07) has names only: its country, dates and grounds
columns are empty, so every one of its entries is in force today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Final

from graph.store import Store
from ingest.countries import to_iso2
from ingest.importers.base import (
    Converted,
    Importer,
    Unplaced,
    header_of,
    package_dir,
    read_rows,
    require_file,
    write_csv,
)
from ingest.schema import FILES_BY_NAME

COLUMNS: Final = (
    *FILES_BY_NAME["exclusions.csv"].column_names,
    "additional_info",
    "country_as_written",
    "period_as_written",
    "record",
)

HEADERS: Final = {
    "firm_name": ("firm_name", "firm name", "name"),
    "additional_info": ("additional_info", "additional information", "address"),
    "country": ("country",),
    "from_date": ("from_date", "from date", "ineligibility period from", "from"),
    "to_date": ("to_date", "to date", "ineligibility period to", "to"),
    "grounds": ("grounds",),
}
"""The columns read, under this copy's names and the official download's."""

OTHER_NAME: Final = re.compile(
    r"[,;(]*\s*\b(?:formerly\s+known\s+as|formerly|f/k/a|fka|also\s+known\s+as|a\.k\.a\.?|aka|"
    r"(?:currently\s+)?(?:d/b/a|dba|doing\s+business\s+as))(?:\s+|$)",
    re.I,
)
"""What separates a firm's other names inside one cell (the bench's ``_FORMERLY``, wider)."""

OPEN_ENDED: Final = frozenset({"permanent", "ongoing", "indefinite", "indefinitely", "n/a"})

_MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def firm_names(cell: str) -> list[str]:
    """The firm's names in a name (or additional-information) cell: the first as written,
    then its other names.

    >>> firm_names("ELMCREST GROUP LIMITED, FORMERLY KNOWN AS LANDMARC LIMITED")
    ['ELMCREST GROUP LIMITED', 'LANDMARC LIMITED']
    >>> firm_names("J.M. COMERCIO LTDA (CURRENTLY D/B/A PICK UP CAR AUTO PECAS)")
    ['J.M. COMERCIO LTDA', 'PICK UP CAR AUTO PECAS']
    >>> firm_names("A.K.A. JOKO SESWANTO")
    ['JOKO SESWANTO']
    """
    parts = (_tidy(p) for p in OTHER_NAME.split(cell.replace("|", "/")))
    return list(dict.fromkeys(p for p in parts if p))


def _tidy(part: str) -> str:
    """Spaces collapsed; separators and the parenthesis a split left unbalanced removed.

    >>> _tidy(" MULTISTAR HOLDINGS LIMITED ("), _tidy("URALKOTLOSERVICE PKF ZAO (TAMBOV)")
    ('MULTISTAR HOLDINGS LIMITED', 'URALKOTLOSERVICE PKF ZAO (TAMBOV)')
    """
    part = " ".join(part.split()).strip(" ,;")
    while part.endswith("(") or (part.endswith(")") and part.count(")") > part.count("(")):
        part = part[:-1].rstrip(" ,;")
    while part.startswith(")") or (part.startswith("(") and part.count("(") > part.count(")")):
        part = part[1:].lstrip(" ,;")
    return part


def parse_date(text: str) -> str | None:
    """An ISO date from the list's date forms, or ``None`` (blank, open-ended or unreadable).

    >>> parse_date("2019-06-13"), parse_date("13-JUN-2019"), parse_date("06/13/2019")
    ('2019-06-13', '2019-06-13', '2019-06-13')
    >>> parse_date("Permanent"), parse_date("sometime")
    (None, None)
    """
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        elif m := re.fullmatch(r"(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ,]+(\d{4})", text):
            day = dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            day = dt.date(int(m[3]), int(m[1]), int(m[2]))
        else:
            return None
    except (KeyError, ValueError):
        return None
    return day.isoformat()


def _unreadable(text: str) -> bool:
    return bool(text.strip()) and text.strip().lower() not in OPEN_ENDED and not parse_date(text)


def entry_id(name: str, start: str | None) -> str:
    """A stable id from the name as written and the period's start.

    >>> entry_id("M/S. A.S. CONSTRUCTION", None), entry_id("ZIMO LTD.", "2019-06-13")
    ('wb-m-s-a-s-construction', 'wb-zimo-ltd-2019-06-13')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    if not slug:  # a name in another script
        slug = hashlib.sha1(name.encode()).hexdigest()[:12]
    return f"wb-{slug}" + (f"-{start}" if start else "")


def _columns(source: Path) -> dict[str, str]:
    """Our column name -> the file's, for the columns present."""
    header = {" ".join(h.lower().replace("_", " ").split()): h for h in header_of(source)}
    found = {}
    for ours, names in HEADERS.items():
        for name in names:
            if " ".join(name.replace("_", " ").split()) in header:
                found[ours] = header[" ".join(name.replace("_", " ").split())]
                break
    if "firm_name" not in found:
        raise ValueError(f"{source.name} has no firm name column (not the World Bank's list)")
    return found


def convert(source: Path, out_dir: Path, store: Store) -> Converted:
    """Write ``exclusions.csv``: one entry per firm and period."""
    require_file(source)
    cols = _columns(source)
    target = package_dir(out_dir, source.stem)
    rows: dict[str, dict[str, object]] = {}
    lines: dict[str, list[int]] = {}
    unplaced: list[Unplaced] = []
    read = unreadable_dates = unknown_countries = dated = 0
    for line, cells in read_rows(source):
        read += 1

        def cell(name: str, cells: dict[str, str] = cells) -> str:
            return cells.get(cols.get(name, ""), "")

        names = firm_names(cell("firm_name"))
        if not names:
            unplaced.append(Unplaced(f"{source.name}#{line}", "no firm name"))
            continue
        info = cell("additional_info")
        if OTHER_NAME.search(info):  # "... formerly known as X" in the additional information
            names += firm_names(OTHER_NAME.split(info, maxsplit=1)[1])
        start, end = parse_date(cell("from_date")), parse_date(cell("to_date"))
        period = [c for c in (cell("from_date"), cell("to_date")) if _unreadable(c)]
        unreadable_dates += bool(period)
        dated += bool(start or end)
        country_text = cell("country")
        code = to_iso2(country_text)
        unknown_countries += bool(country_text and not code)
        eid = entry_id(names[0], start)
        lines.setdefault(eid, []).append(line)
        row = rows.setdefault(
            eid,
            {
                "id": eid,
                "name": names[0],
                "aliases": [],
                "countries": [],
                "list": "world-bank",
                "reason": cell("grounds"),
                "from": start,
                "to": end,
                "additional_info": info,
                "country_as_written": country_text if not code else "",
                "period_as_written": " - ".join(period),
            },
        )
        row["aliases"] = sorted({*row["aliases"], *names} - {row["name"]})  # type: ignore[misc]
        row["countries"] = sorted({*row["countries"], *([code] if code else [])})  # type: ignore[misc]
        if end and (row["to"] is None or str(row["to"]) < end):
            row["to"] = end  # the same firm and start listed twice: the longer period holds
    for eid, row in rows.items():
        first, *more = lines[eid]
        row["record"] = f"{source.name}#{first}" + "".join(f",{n}" for n in more)
    write_csv(target / "exclusions.csv", COLUMNS, rows.values())
    repeats = read - len(unplaced) - len(rows)
    notes = [
        f"{len(rows)} exclusion entries from {read} rows; {repeats} rows repeat a firm and "
        "period already listed (one entry, every line in its record)",
        f"{dated} rows with a period; rows without one are in force on any day",
    ]
    if unreadable_dates:
        notes.append(f"{unreadable_dates} rows with a date that could not be read (left open)")
    if unknown_countries:
        notes.append(f"{unknown_countries} rows with a country not recognised (left out)")
    return Converted(package_dir=target, read={"rows": read}, unplaced=unplaced, notes=notes)


IMPORTER = Importer(
    format="world-bank-debarred",
    description="World Bank debarred and ineligible firms (CSV) as exclusions with their period",
    default_path="screening/world-bank-ineligible-firms-2025-01-07.csv",
    convert=convert,
)
