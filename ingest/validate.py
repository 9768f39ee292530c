"""Validation of a whole package before anything is written.

Every problem names the file, the line (the header is line 1, as in a spreadsheet), the column
and the reason. Rows whose references point at a rejected row are rejected too, so
``--skip-invalid`` never loads a partnership whose agency was thrown out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph import model
from ingest.countries import to_iso2
from ingest.package import RawPackage
from ingest.schema import FILES, RESERVED_PROPERTIES, THEMES, Column, FileSpec

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_THEME_SET = frozenset(THEMES)

ExistingIds = Callable[[str, Iterable[str]], set[str]]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class Row:
    """A row that passed validation: typed values of the known columns, extras as text."""

    file: str
    line: int
    values: dict[str, Any]
    extras: dict[str, str]


@dataclass
class Rejected:
    file: str
    line: int
    cells: list[str]
    problems: list[Problem]


@dataclass
class ValidatedPackage:
    package: RawPackage
    rows: dict[str, list[Row]] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        found = list(self.file_problems)
        for rej in self.rejected:
            found.extend(rej.problems)
        return found

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.file_problems


class CellError(ValueError):
    """A cell's value is not acceptable; the message is the reason."""


def parse_date(text: str) -> str:
    """An ISO date, year-month or year as ``YYYY-MM-DD`` (missing parts become 01).

    >>> parse_date("2024"), parse_date("2024-03"), parse_date("2024-03-01")
    ('2024-01-01', '2024-03-01', '2024-03-01')
    """
    m = _DATE.match(text)
    if not m:
        raise CellError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    if m[3] and not m[2]:
        raise CellError(f"{text!r} is not a date")
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise CellError(f"{text!r} is not a real date ({exc})") from exc


def split_multi(text: str) -> list[str]:
    """Split a ``|``-separated cell, dropping blanks and repeats, keeping the order."""
    return list(dict.fromkeys(p.strip() for p in text.split("|") if p.strip()))


def _country(text: str) -> str:
    code = to_iso2(text)
    if code is None:
        raise CellError(f"{text!r} is not an ISO 3166-1 alpha-2 code or a known country name")
    return code


def _theme(text: str) -> str:
    slug = re.sub(r"[\s_]+", "-", text.strip().lower())
    if slug not in _THEME_SET:
        raise CellError(f"{text!r} is not a known theme ({', '.join(THEMES)})")
    return slug


def _number(text: str, kind: str) -> int | float:
    clean = text.replace(",", "").replace("_", "").strip()
    try:
        value: int | float = int(clean) if kind == "int" else float(clean)
    except ValueError as exc:
        raise CellError(f"{text!r} is not a number") from exc
    if value < 0:
        raise CellError(f"{text!r} is negative")
    if isinstance(value, float) and value != value:  # NaN
        raise CellError(f"{text!r} is not a number")
    return value


def parse_cell(column: Column, text: str) -> Any:
    """The typed value of a non-empty cell, or :class:`CellError`."""
    kind = column.kind
    if kind in ("text", "ref", "company"):
        return text
    if kind in ("texts", "refs", "companies"):
        return split_multi(text)
    if kind == "date":
        return parse_date(text)
    if kind in ("int", "float"):
        return _number(text, kind)
    if kind == "year":
        if not re.fullmatch(r"\d{4}", text):
            raise CellError(f"{text!r} is not a year (YYYY)")
        return int(text)
    if kind == "enum":
        value = text.lower()
        if value not in column.choices:
            raise CellError(f"{text!r} is not one of {', '.join(column.choices)}")
        return value
    if kind == "enums":
        values = [v.lower() for v in split_multi(text)]
        for v in values:
            if v not in column.choices:
                raise CellError(f"{v!r} is not one of {', '.join(column.choices)}")
        return values
    if kind == "country":
        return _country(text)
    if kind == "countries":
        return list(dict.fromkeys(_country(v) for v in split_multi(text)))
    if kind == "themes":
        return list(dict.fromkeys(_theme(v) for v in split_multi(text)))
    if kind == "sdgs":
        goals = []
        for v in split_multi(text):
            digits = re.sub(r"(?i)^(sdg|goal)\s*", "", v)
            if not digits.isdigit() or not 1 <= int(digits) <= 17:
                raise CellError(f"{v!r} is not an SDG number from 1 to 17")
            goals.append(int(digits))
        return sorted(set(goals))
    raise AssertionError(f"unknown column kind {kind}")


def _check_header(spec: FileSpec, header: list[str]) -> list[str]:
    reasons = []
    seen: set[str] = set()
    for name in header:
        if not name:
            reasons.append("a header cell is empty")
        elif name in seen:
            reasons.append(f"column {name!r} appears twice in the header")
        seen.add(name)
    for name in spec.required:
        if name not in seen:
            reasons.append(f"required column {name!r} is missing from the header")
    return reasons


def _parse_row(
    spec: FileSpec, header: list[str], line: int, cells: list[str]
) -> tuple[Row, list[Problem]]:
    problems: list[Problem] = []
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        problems.append(
            Problem(
                spec.name, line, None, f"the row has {len(cells)} cells, the header {len(header)}"
            )
        )
    by_name = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
    values: dict[str, Any] = {}
    for column in spec.columns:
        text = by_name.get(column.name, "")
        if not text:
            if column.required:
                problems.append(Problem(spec.name, line, column.name, "a value is required"))
            continue
        try:
            value = parse_cell(column, text)
        except CellError as exc:
            problems.append(Problem(spec.name, line, column.name, str(exc)))
            continue
        if value == [] and column.required:
            problems.append(Problem(spec.name, line, column.name, "a value is required"))
            continue
        values[column.name] = value
    known = set(spec.column_names)
    extras = {}
    for name, text in by_name.items():
        if name and name not in known and text:
            extras[f"extra_{name}" if name in RESERVED_PROPERTIES else name] = text
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        problems.append(Problem(spec.name, line, "end", f"ends ({end}) before it starts ({start})"))
    frm, to = values.get("from"), values.get("to")
    if frm and to and to < frm:
        problems.append(Problem(spec.name, line, "to", f"ends ({to}) before it starts ({frm})"))
    return Row(spec.name, line, values, extras), problems


def validate_package(package: RawPackage, existing_ids: ExistingIds) -> ValidatedPackage:
    """Check every row of every file; ``existing_ids(label, ids)`` says which ids the graph has."""
    result = ValidatedPackage(package)
    parsed: dict[str, list[tuple[Row, list[str], list[Problem]]]] = {}
    for spec in FILES:
        raw = package.files.get(spec.name)
        if raw is None:
            continue
        rows = [(line, cells) for line, cells in raw.rows if any(c.strip() for c in cells)]
        result.read[spec.name] = len(rows)
        if raw.error:
            result.file_problems.append(Problem(spec.name, 1, None, raw.error))
            continue
        header_reasons = _check_header(spec, raw.header)
        if header_reasons:
            for reason in header_reasons:
                result.file_problems.append(Problem(spec.name, 1, None, reason))
            result.rejected.extend(
                Rejected(
                    spec.name,
                    line,
                    cells,
                    [Problem(spec.name, line, None, "the header is invalid")],
                )
                for line, cells in rows
            )
            continue
        parsed[spec.name] = []
        for line, cells in rows:
            row, problems = _parse_row(spec, raw.header, line, cells)
            parsed[spec.name].append((row, cells, problems))

    # Which ids does the graph already hold, for references the package does not define?
    defined: dict[str, set[str]] = {}
    for spec in FILES:
        if spec.label and spec.name in parsed:
            ids = defined.setdefault(spec.label, set())
            ids.update(str(r.values["id"]) for r, _, _ in parsed[spec.name] if "id" in r.values)
    wanted: dict[str, set[str]] = {}
    for spec in FILES:
        for row, _, _ in parsed.get(spec.name, []):
            for column in spec.columns:
                value = row.values.get(column.name)
                if value is None:
                    continue
                if column.kind in ("ref", "refs"):
                    assert column.ref
                    refs = value if isinstance(value, list) else [value]
                    wanted.setdefault(column.ref, set()).update(refs)
                elif column.kind in ("company", "companies"):
                    refs = value if isinstance(value, list) else [value]
                    wanted.setdefault(model.COMPANY, set()).update(refs)
    in_graph = {
        label: existing_ids(label, sorted(ids - defined.get(label, set())))
        for label, ids in wanted.items()
    }

    # Second pass, in dependency order: ids, references (cascading rejections), verdict.
    valid_ids: dict[str, set[str]] = {}
    rejected_ids: dict[str, set[str]] = {}
    for spec in FILES:
        if spec.name not in parsed:
            continue
        seen_ids: set[str] = set()
        kept: list[Row] = []
        for row, cells, problems in parsed[spec.name]:
            node_id = row.values.get("id")
            if spec.label and node_id is not None:
                if node_id in seen_ids:
                    problems.append(
                        Problem(
                            spec.name, row.line, "id", f"id {node_id!r} appears twice in the file"
                        )
                    )
                seen_ids.add(node_id)
            for column in spec.columns:
                value = row.values.get(column.name)
                if value is None:
                    continue
                refs = value if isinstance(value, list) else [value]
                if column.kind in ("ref", "refs"):
                    assert column.ref
                    for ref in refs:
                        if ref in valid_ids.get(column.ref, set()) or ref in in_graph.get(
                            column.ref, set()
                        ):
                            continue
                        if ref in rejected_ids.get(column.ref, set()):
                            reason = f"refers to {column.ref} {ref!r}, whose own row was rejected"
                        else:
                            reason = (
                                f"{ref!r} is not a known {column.ref} id "
                                "(neither in the package nor in the graph)"
                            )
                        problems.append(Problem(spec.name, row.line, column.name, reason))
                elif column.kind in ("company", "companies"):
                    for ref in refs:
                        if (
                            ref in rejected_ids.get(model.COMPANY, set())
                            and ref not in valid_ids.get(model.COMPANY, set())
                            and ref not in in_graph.get(model.COMPANY, set())
                        ):
                            problems.append(
                                Problem(
                                    spec.name,
                                    row.line,
                                    column.name,
                                    f"refers to company {ref!r}, whose own row was rejected",
                                )
                            )
            if problems:
                result.rejected.append(Rejected(spec.name, row.line, cells, problems))
                if spec.label and node_id is not None:
                    rejected_ids.setdefault(spec.label, set()).add(node_id)
            else:
                kept.append(row)
                if spec.label and node_id is not None:
                    valid_ids.setdefault(spec.label, set()).add(node_id)
        result.rows[spec.name] = kept
    result.rejected.sort(key=lambda r: ([s.name for s in FILES].index(r.file), r.line))
    return result
