"""``ungc-register-2009``: the Global Compact's organisation register of 2009-12-15.

PATH is the ``ungc/`` folder or its ``organizations-2009.csv``; the look-up tables are read
from beside it. The register becomes:

* ``companies.csv``: one company ``gc2009-<org_id>`` per organisation. The register's org ids
  are another id space than the 2017 participants' ``organization_id`` (the same number
  names different organisations), so they are kept as ``gc_register_id``, never as ``gc_id``
  (which would veto the merge with the same organisation from the 2017 file). Status from
  ``cop_status_code`` (2 active, 1 non-communicating, 0 or 3 delisted → ``expelled``),
  removal reason, sector name, country mapped to ISO 3166 through ``countries-2009.csv``
  (the register writes ``SW`` for Sweden and ``SE`` for Serbia). Non-business types are
  kept with ``org_type`` and ``org_category = non-business``. The website is kept as
  ``register_website``, not ``website``: the register lists national subsidiaries as separate
  participants sharing the group's domain (Deloitte Croatia, Serbia, South Africa all
  ``deloitte.com``) and placeholders (``unknown.com``), which the resolver's domain rule would
  merge across countries. The local networks' own
  records (``GC Networks``) and ``Mailing List`` entries are not participants: unplaced.
* ``initiatives.csv``: the Global Compact initiatives (kind ``gc-platform``).
* ``commitments.csv``: who signed which initiative, with the year of ``date_added``.
* ``local_networks.csv``: countries with a network (type 2 established → ``formal``, 1
  emerging → ``emerging``), ids ``LN-<ISO2>`` as in agencies' packages, with the region.
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
from ingest.importers.ungc_participants import BUSINESS_TYPES, org_category

ORGANIZATIONS = "organizations-2009.csv"
LOOKUPS = {
    "countries": "countries-2009.csv",
    "sectors": "sectors-2009.csv",
    "removal_reasons": "removal-reasons-2009.csv",
    "listing_status": "listing-status-2009.csv",
    "initiatives": "initiatives-2009.csv",
    "signatories": "initiative-signatories-2009.csv",
}

COMPANY_COLUMNS = (
    "id",
    "name",
    "aliases",
    "country",
    "sector",
    "size",
    "register_website",
    "gc_status",
    "gc_joined",
    "gc_register_id",
    "gc_register_active",
    "gc_cop_status_code",
    "gc_delisted",
    "gc_removal_reason",
    "org_type",
    "org_category",
    "listing_status",
    "ticker",
    "exchange",
    "parent_name",
    "employees",
    "global500",
    "gc_register_record",
    "record",
)
INITIATIVE_COLUMNS = ("id", "name", "kind", "themes", "record")
COMMITMENT_COLUMNS = ("id", "company", "initiative", "year", "date", "record")
NETWORK_COLUMNS = ("id", "country", "region", "status", "record")

STATUS = {"2": "active", "1": "non-communicating", "0": "expelled", "3": "expelled"}
"""``cop_status_code`` → ``gc_status`` (0 and 3 are both "delisted" in the register)."""

NETWORK_STATUS = {"2": "formal", "1": "emerging"}
"""``country_network_type`` → local network status (0 or blank: no network)."""

NOT_PARTICIPANTS = {
    "GC Networks": "a local network's own record, not a participant (networks come from "
    "countries-2009.csv)",
    "Mailing List": "a mailing-list entry, not a participant",
}

THEME_WORDS = {
    "climate": "climate",
    "water": "water",
    "human rights": "human-rights",
    "uncac": "anti-corruption",
    "labour": "labour",
}
"""Words of an initiative's name → the package theme they mean."""

PLACEHOLDERS = {"", "All", "This feature was never implemented", "ZXXZ", "http://", "0"}
"""Values the register uses for "nothing here"."""


def _value(text: str) -> str:
    return "" if text in PLACEHOLDERS else text


def _table(path: Path, key: str) -> dict[str, dict[str, str]]:
    return {cells[key]: cells for _, cells in read_rows(path)}


def register_countries(path: Path) -> dict[str, tuple[str | None, dict[str, str]]]:
    """Register code → (ISO2 code or None, the table row): the name decides, since the
    register's codes are not all ISO (``SW`` Sweden, ``SE`` Serbia, ``XZ`` Kosovo)."""
    result: dict[str, tuple[str | None, dict[str, str]]] = {}
    for code, row in _table(path, "country_id").items():
        name = row.get("country_name", "")
        iso = to_iso2(name)  # "East Timor" for TP, "Tajikstan" … (ingest.countries)
        if iso is None and name != "Global":
            iso = to_iso2(code)
        result[code] = (iso, row)
    return result


def _themes(name: str) -> list[str]:
    lowered = name.lower()
    return sorted({theme for word, theme in THEME_WORDS.items() if word in lowered})


def _folder(source: Path) -> Path:
    folder = source if source.is_dir() else source.parent
    missing = [f for f in (ORGANIZATIONS, *LOOKUPS.values()) if not (folder / f).is_file()]
    if missing:
        raise ValueError(f"{folder} lacks the register file(s) {', '.join(missing)}")
    return folder


def convert(source: Path, out_dir: Path, store: Store) -> Converted:
    """Write companies, initiatives, commitments and local networks of the 2009 register."""
    folder = _folder(source)
    organizations = folder / ORGANIZATIONS
    require_columns(organizations, ("org_id", "name", "organization_type", "country_iso2"))
    target = package_dir(out_dir, "ungc-register-2009")
    countries = register_countries(folder / LOOKUPS["countries"])
    sectors = _table(folder / LOOKUPS["sectors"], "sector_id")
    reasons = _table(folder / LOOKUPS["removal_reasons"], "reason_id")
    listing = _table(folder / LOOKUPS["listing_status"], "listing_id")
    unplaced: list[Unplaced] = []
    read: dict[str, int] = {}

    companies: dict[str, dict[str, Any]] = {}
    read["organisations"] = 0
    for line, o in read_rows(organizations):
        read["organisations"] += 1
        record = f"{ORGANIZATIONS}#{line}"
        org_type = o.get("organization_type", "")
        if org_type in NOT_PARTICIPANTS:
            unplaced.append(Unplaced(record, NOT_PARTICIPANTS[org_type]))
            continue
        if not o["org_id"] or not o["name"]:
            unplaced.append(Unplaced(record, "no org_id or name"))
            continue
        iso, _ = countries.get(o["country_iso2"], (to_iso2(o["country_iso2"]), {}))
        if iso is None and o["country_iso2"] not in ("", "ZZ"):
            unplaced.append(
                Unplaced(record, f"country {o['country_iso2']!r} not recognised; kept without")
            )
        reason_id = o.get("removal_reason_id", "")
        name = repair_mojibake(o["name"])  # one name: "RegiÃ³n"; as written stays an alias
        companies[o["org_id"]] = {
            "id": f"gc2009-{o['org_id']}",
            "name": name,
            "aliases": [o["name"]] if o["name"] != name else [],
            "country": iso,
            "sector": sectors.get(o.get("sector_id", ""), {}).get("sector_name", ""),
            "size": BUSINESS_TYPES.get(org_type),
            "register_website": _value(o.get("website", "")),
            "gc_status": STATUS.get(o.get("cop_status_code", "")),
            "gc_joined": o.get("joined_on", ""),
            "gc_register_id": o["org_id"],
            "gc_register_active": {"True": "yes", "False": "no"}.get(o.get("active", ""), ""),
            "gc_cop_status_code": o.get("cop_status_code", ""),
            "gc_delisted": o.get("delisted_on", ""),
            "gc_removal_reason": (
                reasons.get(reason_id, {}).get("reason_description", "")
                if reason_id not in ("", "0")
                else ""
            ),
            "org_type": org_type,
            "org_category": org_category(org_type),
            "listing_status": (
                listing.get(o.get("listed_status_id", ""), {}).get("listing_name", "")
                if o.get("listed_status_id", "") not in ("", "0")
                else ""
            ),
            "ticker": o.get("ticker", ""),
            "exchange": _value(o.get("exchange_code", "")),
            "parent_name": _value(o.get("parent_name", "")),
            "employees": _value(o.get("employees", "")),
            "global500": "yes" if o.get("global500") == "True" else "",
            # ``record`` is overwritten when the 2017 file merges into this company; this
            # copy keeps the register's row traceable.
            "gc_register_record": record,
            "record": record,
        }

    initiatives: dict[str, dict[str, Any]] = {}
    read["initiatives"] = 0
    for line, row in read_rows(folder / LOOKUPS["initiatives"]):
        read["initiatives"] += 1
        initiatives[row["id"]] = {
            "id": f"gc2009-initiative-{row['id']}",
            "name": row["name"],
            "kind": "gc-platform",
            "themes": _themes(row["name"]),
            "record": f"{LOOKUPS['initiatives']}#{line}",
        }

    commitments: list[dict[str, Any]] = []
    read["signatures"] = 0
    for line, row in read_rows(folder / LOOKUPS["signatories"]):
        read["signatures"] += 1
        record = f"{LOOKUPS['signatories']}#{line} (org {row['org_id']})"
        company = companies.get(row["org_id"])
        initiative = initiatives.get(row["initiative_id"])
        if company is None:
            unplaced.append(Unplaced(record, "the signing organisation was not placed"))
            continue
        if initiative is None:
            unplaced.append(Unplaced(record, "initiative not in initiatives-2009.csv"))
            continue
        date = row.get("date_added", "")[:10]
        commitments.append(
            {
                "id": f"gc2009-signature-{row['id']}",
                "company": company["id"],
                "initiative": initiative["id"],
                "year": date[:4],
                "date": date,
                "record": f"{LOOKUPS['signatories']}#{line}",
            }
        )

    networks: list[dict[str, Any]] = []
    read["countries"] = 0
    for code, (iso, row) in countries.items():
        read["countries"] += 1
        status = NETWORK_STATUS.get(row.get("country_network_type", ""))
        if status is None:
            continue
        if iso is None:
            unplaced.append(Unplaced(f"{LOOKUPS['countries']} {code}", "network country unknown"))
            continue
        networks.append(
            {
                "id": f"LN-{iso}",
                "country": iso,
                "region": row.get("country_region", ""),
                "status": status,
                "record": f"{LOOKUPS['countries']} {code}",
            }
        )

    write_csv(target / "companies.csv", COMPANY_COLUMNS, companies.values())
    write_csv(target / "initiatives.csv", INITIATIVE_COLUMNS, initiatives.values())
    write_csv(target / "commitments.csv", COMMITMENT_COLUMNS, commitments)
    write_csv(target / "local_networks.csv", NETWORK_COLUMNS, networks)
    formal = sum(1 for n in networks if n["status"] == "formal")
    return Converted(
        package_dir=target,
        read=read,
        unplaced=unplaced,
        notes=[
            f"{len(companies)} organisations, {len(initiatives)} initiatives, "
            f"{len(commitments)} commitments",
            f"{len(networks)} local networks: {formal} formal, {len(networks) - formal} emerging",
        ],
    )


IMPORTER = Importer(
    format="ungc-register-2009",
    description="Global Compact register of 2009 (ungc/ folder): organisations, initiatives, "
    "signatures, local networks",
    default_path="ungc/organizations-2009.csv",
    convert=convert,
)
