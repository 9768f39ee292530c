"""The data package format v1 (``shared/spec/DATA-PACKAGE.md``) as data.

Each file is described once here; the validator reads these descriptions, so the format and
its checks cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from graph import model

THEMES: Final = (
    "water",
    "climate",
    "energy",
    "health",
    "education",
    "gender",
    "children",
    "human-rights",
    "anti-corruption",
    "food",
    "humanitarian",
    "innovation",
    "finance",
    "labour",
    "environment",
    "peace",
)


@dataclass(frozen=True)
class Column:
    """One column of a package file.

    ``kind`` is one of: ``text``, ``texts`` (``|``-separated), ``date``, ``int``, ``float``,
    ``enum``, ``enums``, ``country``, ``countries``, ``themes``, ``sdgs``, ``ref``, ``refs``
    (ids of ``ref`` label, in the package or the graph), ``company``, ``companies`` (an id or a
    name, resolved), ``year``.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str
    label: str | None
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


ID = Column("id", required=True)

FILES: Final[tuple[FileSpec, ...]] = (
    FileSpec(
        "agencies.csv",
        model.AGENCY,
        (
            ID,
            Column("name", required=True),
            Column("aliases", "texts"),  # an extension of format v1 (docs/data-package.md)
            Column(
                "type",
                "enum",
                choices=("fund", "programme", "specialized-agency", "secretariat", "other"),
            ),
            Column("countries", "countries"),
            Column("themes", "themes"),
            Column("website"),
        ),
    ),
    FileSpec(
        "companies.csv",
        model.COMPANY,
        (
            ID,
            Column("name", required=True),
            Column("aliases", "texts"),
            Column("country", "country"),
            Column("countries", "countries"),
            Column("sector"),
            Column("size", "enum", choices=("sme", "large")),
            Column("lei"),
            Column("website"),
            Column("gc_id"),
            Column(
                "gc_status", "enum", choices=("active", "non-communicating", "expelled", "none")
            ),
            Column("gc_joined", "date"),
        ),
    ),
    FileSpec(
        "initiatives.csv",
        model.INITIATIVE,
        (
            ID,
            Column("name", required=True),
            Column(
                "kind",
                "enum",
                choices=("sg-initiative", "gc-platform", "agency-programme", "other"),
            ),
            Column("conveners", "refs", ref=model.AGENCY),
            Column("themes", "themes"),
            Column("sdgs", "sdgs"),
        ),
    ),
    FileSpec(
        "local_networks.csv",
        model.LOCAL_NETWORK,
        (
            ID,
            Column("country", "country", required=True),
            Column("region"),
            Column("status", "enum", choices=("formal", "emerging", "inactive")),
            Column("established", "date"),
            Column("participants", "int"),
        ),
    ),
    FileSpec(
        "partnerships.csv",
        model.PARTNERSHIP,
        (
            ID,
            Column("title", required=True),
            Column("agencies", "refs", required=True, ref=model.AGENCY),
            Column("companies", "companies", required=True),
            Column("initiative", "ref", ref=model.INITIATIVE),
            Column("themes", "themes"),
            Column("sdgs", "sdgs"),
            Column("countries", "countries"),
            Column(
                "type",
                "enum",
                choices=(
                    "philanthropy",
                    "core-business",
                    "advocacy",
                    "innovative-finance",
                    "in-kind",
                    "other",
                ),
            ),
            Column("status", "enum", choices=("proposed", "active", "closed", "failed")),
            Column("start", "date"),
            Column("end", "date"),
            Column("value_usd", "float"),
        ),
    ),
    FileSpec(
        "approaches.csv",
        model.APPROACH,
        (
            ID,
            Column("agency", "ref", required=True, ref=model.AGENCY),
            Column("company", "company", required=True),
            Column("date", "date", required=True),
            Column("themes", "themes"),
            Column("countries", "countries"),
            Column("ask", "enum", choices=("funding", "in-kind", "expertise", "advocacy", "other")),
            Column("amount_usd", "float"),
            Column("status", "enum", choices=("planned", "in-progress", "declined", "converted")),
        ),
    ),
    FileSpec(
        "commitments.csv",
        model.COMMITMENT,
        (
            ID,
            Column("company", "company", required=True),
            Column("initiative", "ref", required=True, ref=model.INITIATIVE),
            Column("year", "year"),
            Column("description"),
        ),
    ),
    FileSpec(
        "memberships.csv",
        None,
        (
            Column("company", "company", required=True),
            Column("network", "ref", required=True, ref=model.LOCAL_NETWORK),
            Column("since", "date"),
        ),
    ),
    FileSpec(
        "screenings.csv",
        model.SCREENING,
        (
            ID,
            Column("company", "company", required=True),
            Column("agency", "ref", ref=model.AGENCY),
            Column("date", "date", required=True),
            Column("provider"),
            Column("outcome", "enum", required=True, choices=("cleared", "flagged", "rejected")),
            Column("flags", "texts"),
            Column("notes"),
        ),
    ),
    FileSpec(
        "needs.csv",
        model.NEED,
        (
            ID,
            Column("agency", "ref", required=True, ref=model.AGENCY),
            Column("title", required=True),
            Column("themes", "themes"),
            Column("sdgs", "sdgs"),
            Column("countries", "countries"),
            Column(
                "resources",
                "enums",
                choices=("funding", "in-kind", "expertise", "technology", "logistics", "advocacy"),
            ),
            Column("budget_usd", "float"),
            Column("deadline", "date"),
            Column("status", "enum", choices=("open", "closed")),
        ),
    ),
    FileSpec(
        "exclusions.csv",
        model.EXCLUSION,
        (
            ID,
            Column("name", required=True),
            Column("aliases", "texts"),
            Column("countries", "countries"),
            Column("list", required=True),
            Column("reason"),
            Column("from", "date"),
            Column("to", "date"),
        ),
    ),
)

FILES_BY_NAME: Final[dict[str, FileSpec]] = {f.name: f for f in FILES}

# Property names that an extra column may not take (they are the graph's own bookkeeping).
RESERVED_PROPERTIES: Final = frozenset({"source", "sources", "ids", "merge_reasons"})
