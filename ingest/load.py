"""Loading a validated package: resolve companies, build rows, hand them to a store.

The plan (every node and relationship row) is computed in Python from the package and the
store's current companies, then applied with the store's MERGE rules, so both stores end up
with the same graph and a re-run of the same package changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import model
from graph.store import NodeRow, Props, RelRow, Store
from ingest.countries import country_name
from ingest.normalize import normalize_name
from ingest.package import PackageError, RawPackage, read_package
from ingest.resolve import CompanyRecord, CompanyResolver
from ingest.schema import FILES
from ingest.validate import Problem, Rejected, Row, ValidatedPackage, validate_package

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a package loads."""

WRITE_CHUNK = 5000

COMPANY_FIELDS = (
    "country",
    "sector",
    "size",
    "lei",
    "website",
    "gc_id",
    "gc_status",
    "gc_joined",
)


class InvalidPackage(Exception):
    """The package has errors and ``skip_invalid`` was not asked for; nothing was written."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__(f"{len(report.problems)} problem(s) in package {report.package}")
        self.report = report


@dataclass
class IngestReport:
    package: str
    sha256: str = ""
    backend: str = ""
    written: bool = False
    read: dict[str, int] = field(default_factory=dict)
    loaded: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: list[Rejected] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    companies: dict[str, int] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    nodes_written: int = 0
    relationships_written: int = 0
    duration_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "sha256": self.sha256,
            "backend": self.backend,
            "written": self.written,
            "files": {
                name: {
                    "read": self.read.get(name, 0),
                    "loaded": self.loaded.get(name, 0),
                    "rejected": self.rejected.get(name, 0),
                }
                for name in self.read
            },
            "totals": {
                "read": sum(self.read.values()),
                "loaded": sum(self.loaded.values()),
                "rejected": sum(self.rejected.values()),
            },
            "problems": [p.as_dict() for p in self.problems],
            "ignored_files": self.ignored_files,
            "companies": self.companies,
            "merges": self.merges,
            "review_candidates": self.reviews,
            "nodes_written": self.nodes_written,
            "relationships_written": self.relationships_written,
            "duration_s": round(self.duration_s, 3),
        }

    def write_rejects(self, path: Path) -> int:
        """Write every rejected row (with its original cells) to a CSV; return the count."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["file", "line", "column", "reason", "row"])
        for rej in self.rejected_rows:
            cells = io.StringIO()
            csv.writer(cells, lineterminator="").writerow(rej.cells)
            columns = "|".join(p.column or "" for p in rej.problems)
            reasons = " | ".join(p.reason for p in rej.problems)
            writer.writerow([rej.file, rej.line, columns, reasons, cells.getvalue()])
        path.write_text(buf.getvalue(), encoding="utf-8")
        return len(self.rejected_rows)


def _clean(props: dict[str, Any]) -> Props:
    """Drop empty values: Neo4j cannot store ``None`` and an empty cell says nothing."""
    return {k: v for k, v in props.items() if v is not None and v != "" and v != []}


def _company_record(props: Props) -> CompanyRecord:
    return CompanyRecord(
        id=props["id"],
        name=props["name"],
        aliases=tuple(props.get("aliases") or ()),
        country=props.get("country"),
        lei=props.get("lei"),
        gc_id=props.get("gc_id"),
        website=props.get("website"),
        joined=props.get("gc_joined"),
    )


def _add_sorted(props: Props, key: str, values: Iterable[str]) -> None:
    merged = set(props.get(key) or ())
    merged.update(v for v in values if v)
    props[key] = sorted(merged)


def _append(props: Props, key: str, value: str) -> None:
    items = props.setdefault(key, [])
    if value not in items:
        items.append(value)


class _Plan:
    """Every row to write, built from a validated package."""

    def __init__(self, store: Store, validated: ValidatedPackage, report: IngestReport) -> None:
        self.package = validated.package.name
        self.report = report
        self.nodes: dict[str, dict[str, NodeRow]] = {label: {} for label in model.LABELS}
        self.rels: dict[tuple[str, str, str], list[RelRow]] = {}
        self.companies: dict[str, Props] = {}
        self.resolver = CompanyResolver()
        self.store = store
        self._known_companies: dict[str, Props] = {}
        for props in store.iter_nodes(model.COMPANY):
            self._known_companies[props["id"]] = props
            self.resolver.add(props["id"], _company_record(props))
            for other in props.get("ids") or ():
                if other != props["id"]:
                    self.resolver.add_id(props["id"], other)
        self.used_company_ids = set(self._known_companies)
        self.stats = {"rows": 0, "new": 0, "merged": 0, "created_by_reference": 0, "reviews": 0}

    # -- helpers -----------------------------------------------------------------------------

    def src(self, row: Row) -> str:
        return f"{self.package}/{row.file}#{row.line}"

    def node(self, label: str, node_id: str, props: dict[str, Any], source: str) -> None:
        self.nodes[label][node_id] = NodeRow(node_id, _clean(props), source)

    def rel(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        source: str,
        props: dict[str, Any] | None = None,
    ) -> None:
        key = (rel_type, start[0], end[0])
        self.rels.setdefault(key, []).append(RelRow(start[1], end[1], _clean(props or {}), source))

    def countries(
        self,
        start: tuple[str, str],
        codes: Iterable[str],
        source: str,
        rel_type: str = "IN_COUNTRY",
    ) -> None:
        for code in codes:
            if code not in self.nodes[model.COUNTRY]:
                self.node(model.COUNTRY, code, {"name": country_name(code)}, self.package)
            self.rel(rel_type, start, (model.COUNTRY, code), source)

    def themes(self, start: tuple[str, str], slugs: Iterable[str], source: str) -> None:
        for slug in slugs:
            if slug not in self.nodes[model.THEME]:
                self.node(model.THEME, slug, {"name": slug.replace("-", " ")}, self.package)
            self.rel("ON_THEME", start, (model.THEME, slug), source)

    # -- companies ---------------------------------------------------------------------------

    def _company_props(self, cid: str) -> Props:
        props = self.companies.get(cid)
        if props is None:
            known = self._known_companies.get(cid)
            props = {k: (list(v) if isinstance(v, list) else v) for k, v in (known or {}).items()}
            self.companies[cid] = props
        return props

    def _ref_company_id(self, name: str) -> tuple[str, bool]:
        """The id for a company created by reference to ``name``, and whether it exists.

        Deterministic, so a re-run finds the company the first run created (even when the
        name is ambiguous and the resolver declined to pick one).
        """
        norm = normalize_name(name)
        base = "ref-" + (re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "company")
        cid, n = base, 1
        while cid in self.used_company_ids:
            if normalize_name(self._company_props(cid).get("name", "")) == norm:
                return cid, True
            n += 1
            cid = f"{base}-{n}"
        return cid, False

    def add_company_row(self, row: Row) -> None:
        v = row.values
        source = self.src(row)
        record = CompanyRecord(
            id=v["id"],
            name=v["name"],
            aliases=tuple(v.get("aliases", ())),
            country=v.get("country"),
            lei=v.get("lei"),
            gc_id=v.get("gc_id"),
            website=v.get("website"),
            joined=v.get("gc_joined"),
        )
        match, reviews = self.resolver.resolve(record)
        cid = match.company_id if match else record.id
        props = self._company_props(cid)
        if not props:
            props.update(id=cid, name=record.name, source=source, sources=[])
            self.stats["new"] += 1
        self.used_company_ids.add(cid)
        self.resolver.add(cid, record)
        if record.id != cid:
            self.resolver.add_id(cid, record.id)
        if match and match.method != "id":
            self.stats["merged"] += 1
            reason = f"{record.id} {record.name!r} ({source}): {match.method}: {match.detail}"
            _append(props, "merge_reasons", reason)
            self.report.merges.append(
                {
                    "record": record.id,
                    "name": record.name,
                    "company": cid,
                    "method": match.method,
                    "score": match.score,
                    "detail": match.detail,
                    "source": source,
                }
            )
        _add_sorted(props, "ids", [record.id])
        _add_sorted(
            props, "aliases", [n for n in (record.name, *record.aliases) if n != props["name"]]
        )
        for key in COMPANY_FIELDS:
            if key in v:
                props[key] = v[key]
        if "countries" in v:
            _add_sorted(props, "countries", v["countries"])
        props.update(row.extras)
        props["created_by_reference"] = False
        _append(props, "sources", source)
        start = (model.COMPANY, cid)
        if "country" in v:
            self.countries(start, [v["country"]], source, "HEADQUARTERED_IN")
        self.countries(start, v.get("countries", ()), source, "OPERATES_IN")
        for review in reviews:
            if review.other_id != cid:
                self.stats["reviews"] += 1
                self.rel(
                    "POSSIBLY_SAME_AS",
                    start,
                    (model.COMPANY, review.other_id),
                    source,
                    {"score": review.score, "reason": review.reason},
                )
                self.report.reviews.append(
                    {
                        "company": cid,
                        "other": review.other_id,
                        "score": review.score,
                        "reason": review.reason,
                        "source": source,
                    }
                )

    def company_ref(self, text: str, source: str) -> str:
        """The canonical id of a company named in a cell (an id or a name as written)."""
        match = self.resolver.resolve_reference(text)
        if match:
            cid = match.company_id
            if match.method != "id":
                props = self._company_props(cid)
                if text != props["name"] and text not in (props.get("aliases") or ()):
                    _add_sorted(props, "aliases", [text])
                    _append(
                        props,
                        "merge_reasons",
                        f"{text!r} ({source}): {match.method}: {match.detail}",
                    )
                    self.stats["merged"] += 1
                _append(props, "sources", source)
            return cid
        cid, exists = self._ref_company_id(text)
        if exists:
            props = self._company_props(cid)
            _add_sorted(props, "aliases", [text] if text != props["name"] else [])
            _append(props, "sources", source)
            return cid
        self.used_company_ids.add(cid)
        self.companies[cid] = {
            "id": cid,
            "name": text,
            "created_by_reference": True,
            "ids": [],
            "aliases": [],
            "source": source,
            "sources": [source],
        }
        self.resolver.add(cid, CompanyRecord(id=cid, name=text))
        self.stats["created_by_reference"] += 1
        return cid

    # -- other files -------------------------------------------------------------------------

    def add_row(self, row: Row) -> None:
        v = dict(row.values)
        source = self.src(row)
        file = row.file
        if file == "companies.csv":
            self.add_company_row(row)
            return
        if file == "memberships.csv":
            cid = self.company_ref(v["company"], source)
            self.rel(
                "MEMBER_OF",
                (model.COMPANY, cid),
                (model.LOCAL_NETWORK, v["network"]),
                source,
                {"since": v.get("since")},
            )
            return
        spec_label = {s.name: s.label for s in FILES}[file]
        assert spec_label is not None
        me = (spec_label, v["id"])
        if "company" in v:
            written = v["company"]
            v["company"] = self.company_ref(written, source)
            if written != v["company"]:
                v["company_as_written"] = written
        if "companies" in v:
            written_list = v["companies"]
            v["companies"] = list(dict.fromkeys(self.company_ref(c, source) for c in written_list))
            if written_list != v["companies"]:
                v["companies_as_written"] = written_list
        if file == "local_networks.csv":
            v.setdefault("name", f"Global Compact Network {country_name(v['country'])}")
        self.node(spec_label, v["id"], {**v, **row.extras}, source)
        self.themes(me, v.get("themes", ()), source)
        if file == "local_networks.csv":
            self.countries(me, [v["country"]], source, "NETWORK_IN")
        elif file == "agencies.csv":
            self.countries(me, v.get("countries", ()), source, "PRESENT_IN")
        else:
            self.countries(me, v.get("countries", ()), source)
        if file == "initiatives.csv":
            for agency in v.get("conveners", ()):
                self.rel("CONVENES", (model.AGENCY, agency), me, source)
        elif file == "partnerships.csv":
            for agency in v["agencies"]:
                self.rel("LEADS", (model.AGENCY, agency), me, source)
            for cid in v["companies"]:
                self.rel("PARTNERS_IN", (model.COMPANY, cid), me, source)
            if "initiative" in v:
                self.rel("PART_OF", me, (model.INITIATIVE, v["initiative"]), source)
        elif file == "approaches.csv":
            self.rel("APPROACHED", (model.AGENCY, v["agency"]), me, source)
            self.rel("TARGETS", me, (model.COMPANY, v["company"]), source)
        elif file == "commitments.csv":
            self.rel("MADE", (model.COMPANY, v["company"]), me, source)
            self.rel("TO", me, (model.INITIATIVE, v["initiative"]), source)
        elif file == "screenings.csv":
            self.rel("SCREENS", me, (model.COMPANY, v["company"]), source)
            if "agency" in v:
                self.rel("CONDUCTED", (model.AGENCY, v["agency"]), me, source)
        elif file == "needs.csv":
            self.rel("SEEKS", (model.AGENCY, v["agency"]), me, source)


def _chunks(rows: list[Any], size: int = WRITE_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load_validated(
    store: Store,
    validated: ValidatedPackage,
    report: IngestReport,
    progress: Progress | None = None,
    started: dt.datetime | None = None,
) -> None:
    """Write the valid rows of ``validated`` into ``store``."""
    clock = time.perf_counter()
    started = started or dt.datetime.now(dt.UTC)
    plan = _Plan(store, validated, report)
    total_rows = sum(len(rows) for rows in validated.rows.values())
    done = 0
    for spec in FILES:
        for row in validated.rows.get(spec.name, []):
            plan.add_row(row)
            done += 1
            if progress and done % 2000 == 0:
                progress("resolving", done, total_rows)
    if progress:
        progress("resolving", total_rows, total_rows)
    report.companies = dict(plan.stats)
    company_rows = [
        NodeRow(cid, _clean(props), props["source"]) for cid, props in plan.companies.items()
    ]
    node_batches: list[tuple[str, list[NodeRow]]] = []
    for label in model.LABELS:
        if label == model.COMPANY:
            node_batches.append((label, company_rows))
        elif plan.nodes[label]:
            node_batches.append((label, list(plan.nodes[label].values())))
    total = sum(len(rows) for _, rows in node_batches) + sum(len(r) for r in plan.rels.values())
    written = 0
    with store.transaction():
        for label, rows in node_batches:
            for chunk in _chunks(rows):
                if label == model.COMPANY:
                    store.replace_nodes(label, chunk)
                else:
                    store.upsert_nodes(label, chunk)
                written += len(chunk)
                if progress:
                    progress("writing", written, total)
        for (rel_type, start_label, end_label), rel_rows in plan.rels.items():
            for rel_chunk in _chunks(rel_rows):
                store.upsert_relationships(rel_type, start_label, end_label, rel_chunk)
                written += len(rel_chunk)
                if progress:
                    progress("writing", written, total)
        report.nodes_written = sum(len(rows) for _, rows in node_batches)
        report.relationships_written = sum(len(r) for r in plan.rels.values())
        finished = dt.datetime.now(dt.UTC)
        run = {
            "package": report.package,
            "sha256": report.sha256,
            "files": sorted(report.read),
            "rows_read": sum(report.read.values()),
            "rows_loaded": sum(report.loaded.values()),
            "rows_rejected": sum(report.rejected.values()),
            "file_counts": [
                f"{name}: read {report.read[name]}, loaded {report.loaded.get(name, 0)}, "
                f"rejected {report.rejected.get(name, 0)}"
                for name in sorted(report.read)
            ],
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - clock, 3),
        }
        store.upsert_nodes(
            model.INGEST_RUN, [NodeRow(f"run-{report.sha256[:16]}", _clean(run), report.package)]
        )
    report.written = True


def ingest_package(
    store: Store,
    path: Path | str,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Validate a package folder or zip and load it.

    Raises :class:`InvalidPackage` (nothing written) when a row is invalid and
    ``skip_invalid`` is false, and :class:`PackageError` when the package cannot be read.
    """
    clock = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    raw: RawPackage = read_package(path)
    report = IngestReport(package=raw.name, sha256=raw.sha256, backend=store.backend)
    report.ignored_files = raw.ignored
    validated = validate_package(raw, store.existing_ids)
    report.read = dict(validated.read)
    report.problems = validated.problems
    report.rejected_rows = validated.rejected
    for rej in validated.rejected:
        report.rejected[rej.file] = report.rejected.get(rej.file, 0) + 1
    report.loaded = {name: len(rows) for name, rows in validated.rows.items()}
    if not validated.ok and not skip_invalid:
        report.loaded = {}
        report.duration_s = time.perf_counter() - clock
        raise InvalidPackage(report)
    load_validated(store, validated, report, progress, started)
    report.duration_s = time.perf_counter() - clock
    return report


__all__ = ["IngestReport", "InvalidPackage", "PackageError", "Progress", "ingest_package"]
