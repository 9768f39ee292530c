"""``un-entities``: the UN system's entities (``un/un-entities.csv``) as agencies.

Every entity becomes an ``Agency`` whose id is its acronym as the file writes it (``UNDP``,
``UN-Women``, ``WORLD BANK GROUP``), named by its long name, with the file's aliases and the
names the UN uses for it in its other languages (:data:`OTHER_NAMES`), so that free text (the
SDG partnerships' ``partners``) can recognise agencies by any of their names.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Final

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

# Where these come from: they are names the UN itself uses for its entities, in its other
# working languages (French, Spanish) and Portuguese (the entities' own sites and documents:
# PNUD, PNUMA, OIT, OMS, ACNUR …), and the short English names the entities go by ("UN
# Environment", "UN Refugee Agency"). ``un/un-entities.csv`` carries aliases for one entity
# only, while partner lists (the SDG partnerships' free text) write these names.
OTHER_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "UNDP": (
        "PNUD",
        "Programa de las Naciones Unidas para el Desarrollo",
        "Programme des Nations Unies pour le développement",
        "Programa das Nações Unidas para o Desenvolvimento",
    ),
    "UNEP": (
        "PNUMA",
        "United Nations Environment",
        "PNUE",
        "UN Environment",
        "UN Environment Programme",
        "Programa de las Naciones Unidas para el Medio Ambiente",
        "Programme des Nations Unies pour l'environnement",
    ),
    "UNICEF": (
        "Fondo de las Naciones Unidas para la Infancia",
        "Fonds des Nations Unies pour l'enfance",
    ),
    "FAO": (
        "Food and Agriculture Organization of the United Nations",
        "Organización de las Naciones Unidas para la Alimentación y la Agricultura",
        "Organisation des Nations Unies pour l'alimentation et l'agriculture",
    ),
    "WHO": ("OMS", "Organización Mundial de la Salud", "Organisation mondiale de la santé"),
    "ILO": (
        "OIT",
        "International Labour Organization",
        "International Labour Office",
        "Organización Internacional del Trabajo",
        "Organisation internationale du Travail",
    ),
    "UNIDO": (
        "ONUDI",
        "Organización de las Naciones Unidas para el Desarrollo Industrial",
        "Organisation des Nations Unies pour le développement industriel",
    ),
    "UNESCO": (
        "Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
        "Organisation des Nations Unies pour l'éducation, la science et la culture",
    ),
    "UNFPA": (
        "Fondo de Población de las Naciones Unidas",
        "Fonds des Nations Unies pour la population",
        "United Nations Fund for Population Activities",
    ),
    "WFP": ("Programa Mundial de Alimentos", "Programme alimentaire mondial"),
    "IFAD": (
        "FIDA",
        "Fondo Internacional de Desarrollo Agrícola",
        "Fonds international de développement agricole",
    ),
    "UNHCR": (
        "ACNUR",
        "UN Refugee Agency",
        "United Nations High Commissioner for Refugees",
        "Alto Comisionado de las Naciones Unidas para los Refugiados",
        "Haut Commissariat des Nations unies pour les réfugiés",
    ),
    "IOM": (
        "OIM",
        "Organización Internacional para las Migraciones",
        "Organisation internationale pour les migrations",
    ),
    "UN-Women": ("ONU Mujeres", "ONU Femmes"),
    "UN-Habitat": ("ONU-Habitat",),
    "WORLD BANK GROUP": ("World Bank", "Banco Mundial", "Banque mondiale"),
    "UN Tourism": ("UNWTO", "OMT", "Organización Mundial del Turismo"),
    "WMO": ("OMM", "Organización Meteorológica Mundial"),
    "WIPO": ("OMPI", "Organización Mundial de la Propiedad Intelectual"),
    "UNCTAD": ("CNUCED",),
    "DESA": ("UNDESA", "UN DESA"),
    "UNGC": ("UN Global Compact", "Pacto Mundial", "Pacte mondial"),
    "ITU": ("UIT",),
    "IAEA": ("OIEA", "AIEA"),
    "UNODC": ("ONUDC",),
    "ICAO": ("OACI",),
}
"""Further names of an entity (by its acronym in the file), added to its aliases. Short
acronyms shared with other bodies (PMA for WFP, OMI, HCR) are left out on purpose: they would
recognise the wrong body in free text."""

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
        names = (*_split_aliases(cells.get("entity_aliases", "")), *OTHER_NAMES.get(acronym, ()))
        aliases = [a for a in dict.fromkeys(names) if a not in (name, acronym)]
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
