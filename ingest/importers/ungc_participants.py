"""``ungc-participants``: Global Compact participants from their COP records (2017 file).

``ungc/participants-cop-2017.csv`` has one row per Communication on Progress, several per
organisation. Each organisation becomes one company ``gc-<organization_id>`` with ``gc_id``,
``gc_status`` from its latest COP (``active``, ``noncommunicating`` → ``non-communicating``,
``delisted`` → ``expelled``), sector, country (converted from the English name), join date
and size (``sme`` for SME, ``large`` for Company: the Global Compact's own 250-employee
line). Organisations that are not businesses (NGOs, academia, cities …) are kept as company
nodes too, with ``org_type`` as written and ``org_category = non-business``, so nothing is
lost and queries can tell them apart. Names damaged by mojibake (UTF-8 read as cp1252:
"fÃ¼r", "AUTOMATIZACIÃ“N") are repaired, the name as written kept as an alias.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.store import Store
from ingest.countries import to_iso2
from ingest.importers.base import (
    Converted,
    Importer,
    Unplaced,
    package_dir,
    read_rows,
    repair_mojibake,
    require_columns,
    write_csv,
)

COLUMNS = (
    "id",
    "name",
    "aliases",
    "country",
    "sector",
    "size",
    "gc_id",
    "gc_status",
    "gc_joined",
    "org_type",
    "org_category",
    "cop_latest",
    "cop_differentiation",
    "cop_count",
    "cop_rows",
    "gc_cop_record",
    "record",
)

STATUS = {"active": "active", "noncommunicating": "non-communicating", "delisted": "expelled"}
"""Latest COP status → the package's ``gc_status``."""

BUSINESS_TYPES = {"Company": "large", "SME": "sme", "Micro Entreprise": "sme"}
"""Organisation types that are businesses, with the size each implies."""


def org_category(org_type: str) -> str:
    """``business`` for companies and SMEs, ``non-business`` for every other type."""
    return "business" if org_type in BUSINESS_TYPES else "non-business"


def convert(source: Path, out_dir: Path, store: Store) -> Converted:
    """Group the COP rows by organisation and write one ``companies.csv`` row for each."""
    require_columns(
        source, ("participant_name", "organization_id", "country", "cop_status", "cop_published_on")
    )
    target = package_dir(out_dir, f"ungc-{source.stem}")
    by_org: dict[str, list[tuple[int, dict[str, str]]]] = {}
    unplaced: list[Unplaced] = []
    rows_read = 0
    for line, cells in read_rows(source):
        rows_read += 1
        org_id = cells["organization_id"]
        if not org_id or not cells["participant_name"]:
            unplaced.append(
                Unplaced(f"{source.name}#{line}", "no organization_id or participant_name")
            )
            continue
        by_org.setdefault(org_id, []).append((line, cells))
    companies: list[dict[str, Any]] = []
    for org_id, cops in by_org.items():
        # The latest COP decides the status; the last row of a date breaks a tie.
        line, latest = max(cops, key=lambda c: (c[1].get("cop_published_on", ""), c[0]))
        record = f"{source.name}#{line}"
        org_type = latest.get("organization_type", "")
        country = to_iso2(latest["country"])
        if latest["country"] and country is None:
            unplaced.append(
                Unplaced(record, f"country {latest['country']!r} not recognised; kept without")
            )
        status = STATUS.get(latest["cop_status"])
        if latest["cop_status"] and status is None:
            unplaced.append(
                Unplaced(record, f"COP status {latest['cop_status']!r} unknown; kept without")
            )
        written = latest["participant_name"]
        name = repair_mojibake(written)  # "fÃ¼r" → "für"; the name as written stays an alias
        companies.append(
            {
                "id": f"gc-{org_id}",
                "name": name,
                "aliases": [written] if written != name else [],
                "country": country,
                "sector": latest.get("sector_name", ""),
                "size": BUSINESS_TYPES.get(org_type),
                "gc_id": org_id,
                "gc_status": status,
                "gc_joined": latest.get("joined_on", ""),
                "org_type": org_type,
                "org_category": org_category(org_type),
                "cop_latest": latest.get("cop_published_on", ""),
                "cop_differentiation": latest.get("differentiation", ""),
                "cop_count": len(cops),
                "cop_rows": sorted(c[0] for c in cops),
                "gc_cop_record": record,  # survives a later source's ``record`` on a merge
                "record": record,
            }
        )
    write_csv(target / "companies.csv", COLUMNS, companies)
    businesses = sum(1 for c in companies if c["org_category"] == "business")
    repaired = sum(1 for c in companies if c["aliases"])
    return Converted(
        package_dir=target,
        read={"rows": rows_read, "organisations": len(by_org)},
        unplaced=unplaced,
        notes=[
            f"{len(companies)} organisations: {businesses} businesses, "
            f"{len(companies) - businesses} other types kept with org_type",
            f"{repaired} names repaired from mojibake (the name as written kept as an alias)",
        ],
    )


IMPORTER = Importer(
    format="ungc-participants",
    description="Global Compact participants with their COP records (2017): one company each",
    default_path="ungc/participants-cop-2017.csv",
    convert=convert,
)
