"""``un-entities``: the UN system's entities (``un/un-entities.csv``) as agencies.

Every entity becomes an ``Agency`` whose id is its acronym as the file writes it (``UNDP``,
``UN-Women``, ``WORLD BANK GROUP``), named by its long name, with the file's aliases, so that
free text (the SDG partnerships' ``partners``) can recognise agencies by any of their names.
"""

from __future__ import annotations

import ast
from pathlib import Path

from graph.store import Store
from ingest.importers.base import (
    Converted,
    Importer,
    Unplaced,
    package_dir,
    read_rows,
    require_columns,
    write_csv,
)

COLUMNS = (
    "id",
    "name",
    "type",
    "website",
    "aliases",
    "principal_organ",
    "category",
    "subcategory",
    "ceb_member",
    "headquarters",
    "record",
)


def agency_type(principal_organ: str, category: str, name: str) -> str:
    """The package's agency ``type`` from the file's organ and category.

    >>> agency_type("General Assembly", "Funds and Programmes", "United Nations Children's Fund")
    'fund'
    >>> agency_type("General Assembly", "Funds and Programmes", "World Food Programme")
    'programme'
    >>> agency_type("Specialized Agencies", "", "World Health Organization")
    'specialized-agency'
    >>> agency_type("Security Council", "Peacekeeping Operations", "MINUSCA")
    'other'
    """
    if category == "Funds and Programmes":
        return "fund" if "fund" in name.lower() else "programme"
    if principal_organ == "Specialized Agencies":
        return "specialized-agency"
    if principal_organ == "Secretariat":
        return "secretariat"
    return "other"


def _organs(text: str) -> list[str]:
    """The principal organ(s): a few cells hold a Python-style list (``['A', 'B']``)."""
    if text.startswith("["):
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return [text]
        return [str(v).strip() for v in value if str(v).strip()]
    return [text] if text else []


def _split_aliases(text: str) -> list[str]:
    parts = text.replace(";", "|").split("|") if "|" in text or ";" in text else [text]
    return [p.strip() for p in parts if p.strip()]


def convert(source: Path, out_dir: Path, store: Store) -> Converted:
    """Write ``agencies.csv`` with one row per entity of the file."""
    require_columns(source, ("entity", "entity_long"))
    target = package_dir(out_dir, source.stem)
    rows: dict[str, dict[str, object]] = {}
    unplaced: list[Unplaced] = []
    read = 0
    for line, cells in read_rows(source):
        read += 1
        record = f"{source.name}#{line}"
        acronym, name = cells["entity"], cells.get("entity_long", "")
        if not acronym:
            unplaced.append(Unplaced(record, "no acronym (entity) to use as the agency id"))
            continue
        if acronym in rows:
            unplaced.append(Unplaced(record, f"acronym {acronym} already on an earlier row"))
            continue
        organs = _organs(cells.get("un_principal_organ", ""))
        category = cells.get("category", "")
        aliases = [a for a in _split_aliases(cells.get("entity_aliases", "")) if a != name]
        rows[acronym] = {
            "id": acronym,
            "name": name or acronym,
            "type": agency_type(organs[0] if organs else "", category, name),
            "website": cells.get("entity_link", ""),
            "aliases": aliases,
            "principal_organ": organs,
            "category": category,
            "subcategory": cells.get("subcategory", ""),
            "ceb_member": {"True": "yes", "False": "no"}.get(cells.get("is_ceb_member", ""), ""),
            "headquarters": cells.get("entity_headquarters", ""),
            "record": record,
        }
    write_csv(target / "agencies.csv", COLUMNS, rows.values())
    with_aliases = sum(1 for r in rows.values() if r["aliases"])
    return Converted(
        package_dir=target,
        read={"entities": read},
        unplaced=unplaced,
        notes=[f"{len(rows)} agencies, {with_aliases} with aliases"],
    )


IMPORTER = Importer(
    format="un-entities",
    description="UN system entities (un/un-entities.csv) as agencies with their aliases",
    default_path="un/un-entities.csv",
    convert=convert,
)
