"""``un-sc-sanctions-xml``: the UN Security Council consolidated list as exclusion entries.

The official XML (``CONSOLIDATED_LIST`` with ``INDIVIDUALS`` and ``ENTITIES``) is what due-
diligence staff download; every ENTITY becomes an ``exclusions.csv`` row:

- id ``un-sc-<REFERENCE_NUMBER>`` (``un-sc-QDe.069``), so a newer list updates the same entry;
- name = ``FIRST_NAME`` (entities carry their whole name there);
- aliases = the ``ENTITY_ALIAS`` names of quality ``a.k.a.``, ``f.k.a.`` (a former name is
  still a name a company may trade under) or ``Good``; ``Low`` quality aliases (the UN's own
  mark for names too vague to identify anyone, e.g. "Haji Mudir") are not matched but kept as
  the property ``low_quality_aliases``, so nothing is lost;
- countries = the ``ENTITY_ADDRESS`` countries, as ISO2 (unknown names are reported);
- list ``un-sc``, reason = ``UN_LIST_TYPE`` (``Al-Qaida``, ``DPRK`` …), from = ``LISTED_ON``.

INDIVIDUALS are persons, and screening compares *company* names: a person's own name is
never an entry. An individual becomes an entry only through a *trading name*: a good-quality
alias that reads as a business (a business word such as "Trading", "Company", "Ltd" — see
:data:`BUSINESS_WORDS`); the entry is then named by that alias, keeps the person's name as
``person`` and the other trading names as aliases. On the 2025-04-19 list no individual has
one, so the 684 individuals are read, counted and left out (the report says so).

Parsing uses the standard library's ElementTree: Python's expat (2.4.1 and later) refuses
entity-expansion bombs and never fetches external entities, and a document that declares
entities at all is refused here anyway, so an uploaded file cannot reach the network or the
disk. No third-party XML parser is needed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Final

from graph.store import Store
from ingest.countries import to_iso2
from ingest.importers.base import (
    Converted,
    Importer,
    Unplaced,
    package_dir,
    require_file,
    split_outside_parentheses,
    write_csv,
)
from ingest.schema import FILES_BY_NAME

COLUMNS: Final = (
    *FILES_BY_NAME["exclusions.csv"].column_names,
    "kind",
    "person",
    "low_quality_aliases",
    "record",
)

GOOD_QUALITIES: Final = frozenset({"", "a.k.a.", "f.k.a.", "good"})
"""Alias qualities that are matched (compared lower-case). Everything else (``Low``) is
kept on the entry but not matched."""

BUSINESS_WORDS: Final = frozenset(
    "trading company co corporation corp establishment enterprise enterprises exchange "
    "industries industry ltd limited llc inc incorporated gmbh plc bank holding holdings "
    "import export shipping".split()
)
"""Words that make an individual's alias a trading name. Deliberately not the resolver's
legal-form list: ``SA``, ``AG``, ``SE`` are also syllables of transliterated names
("SA'D", "AG GHALI", "KIM SE GON")."""


def _date(element: ET.Element, tag: str) -> str:
    """The ISO day of a date element (``2015-03-27-04:00`` carries a time-zone offset)."""
    found = re.match(r"\d{4}-\d{2}-\d{2}", _text(element, tag))
    return found.group() if found else ""


def _text(element: ET.Element, tag: str) -> str:
    return " ".join((element.findtext(tag) or "").split())


def split_names(text: str) -> list[str]:
    """The names in one name cell: a few hold several, separated by ``;`` (at the top
    level, or inside a closing parenthesis listing spellings). ``|`` (the package's list
    separator) becomes ``/``.

    >>> split_names("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY")
    ['COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)', 'GREAT LAKES BUSINESS COMPANY']
    >>> split_names("جبهة النصرة (the Victory Front; Al-Nusra Front)")
    ['جبهة النصرة', 'the Victory Front', 'Al-Nusra Front']
    >>> split_names("AL-AKHTAR TRUST (ASC)")
    ['AL-AKHTAR TRUST (ASC)']
    """
    pieces = split_outside_parentheses(text.replace("|", "/"), ";")
    names: list[str] = []
    for piece in (" ".join(p.split()) for p in pieces):
        inner = re.fullmatch(r"(.*?)\s*\(([^()]*;[^()]*)\)", piece)
        if inner:
            names += [inner.group(1), *inner.group(2).split(";")]
        else:
            names.append(piece)
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def _aliases(element: ET.Element, tag: str) -> tuple[list[str], list[str]]:
    """(good aliases, low-quality aliases), each in file order without repeats."""
    good: dict[str, None] = {}
    low: dict[str, None] = {}
    for alias in element.findall(tag):
        quality = _text(alias, "QUALITY").lower()
        for name in split_names(_text(alias, "ALIAS_NAME")):
            (good if quality in GOOD_QUALITIES else low)[name] = None
    return list(good), list(low)


def _countries(element: ET.Element, tag: str, unknown: dict[str, int]) -> list[str]:
    codes = set()
    for address in element.findall(tag):
        name = _text(address, "COUNTRY")
        if not name:
            continue
        code = to_iso2(name)
        if code:
            codes.add(code)
        else:
            unknown[name] = unknown.get(name, 0) + 1
    return sorted(codes)


def is_trading_name(name: str) -> bool:
    """Whether an individual's alias reads as a business name.

    >>> is_trading_name("Al-Noor Trading Company"), is_trading_name("SA'D BIN SA'D AL-KA'BI")
    (True, False)
    """
    return any(word in BUSINESS_WORDS for word in re.findall(r"[a-z]+", name.lower()))


def _parse(source: Path) -> ET.Element:
    data = source.read_bytes()
    if b"<!ENTITY" in data:
        raise ValueError(f"{source.name}: declares XML entities; refused (not the UN's format)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{source.name} is not well-formed XML: {exc}") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ValueError(f"{source.name} is not a UN SC consolidated list (root <{root.tag}>)")
    return root


def convert(source: Path, out_dir: Path, store: Store) -> Converted:
    """Write ``exclusions.csv``: every entity, and individuals only by a trading name."""
    require_file(source)
    root = _parse(source)
    target = package_dir(out_dir, source.stem)
    rows: dict[str, dict[str, object]] = {}
    unplaced: list[Unplaced] = []
    unknown: dict[str, int] = {}
    low_dropped = 0
    read = {"entities": 0, "individuals": 0}

    def add(ref: str, row: dict[str, object], record: str) -> None:
        entry_id = f"un-sc-{ref}"
        if entry_id in rows:
            unplaced.append(Unplaced(record, f"reference number {ref} already on an entry"))
        else:
            rows[entry_id] = {"id": entry_id, "list": "un-sc", "record": record, **row}

    for entity in root.iterfind("ENTITIES/ENTITY"):
        read["entities"] += 1
        ref = _text(entity, "REFERENCE_NUMBER")
        record = f"{source.name} {ref or 'DATAID ' + _text(entity, 'DATAID')}"
        names = split_names(_text(entity, "FIRST_NAME"))
        if not ref or not names:
            unplaced.append(Unplaced(record, "entity without a reference number or a name"))
            continue
        good, low = _aliases(entity, "ENTITY_ALIAS")
        low_dropped += len(low)
        add(
            ref,
            {
                "name": names[0],
                "aliases": list(dict.fromkeys(a for a in (*names[1:], *good) if a != names[0])),
                "countries": _countries(entity, "ENTITY_ADDRESS", unknown),
                "reason": _text(entity, "UN_LIST_TYPE"),
                "from": _date(entity, "LISTED_ON"),
                "kind": "entity",
                "low_quality_aliases": low,
            },
            record,
        )

    trading_individuals = 0
    for person in root.iterfind("INDIVIDUALS/INDIVIDUAL"):
        read["individuals"] += 1
        good, low = _aliases(person, "INDIVIDUAL_ALIAS")
        trading = [a for a in good if is_trading_name(a)]
        if not trading:
            continue
        ref = _text(person, "REFERENCE_NUMBER")
        record = f"{source.name} {ref}"
        full_name = " ".join(
            filter(None, (_text(person, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")))
        )
        trading_individuals += 1
        add(
            ref,
            {
                "name": trading[0],
                "aliases": trading[1:],
                "countries": _countries(person, "INDIVIDUAL_ADDRESS", unknown),
                "reason": _text(person, "UN_LIST_TYPE"),
                "from": _date(person, "LISTED_ON"),
                "kind": "individual-trading-name",
                "person": full_name,
            },
            record,
        )

    write_csv(target / "exclusions.csv", COLUMNS, rows.values())
    notes = [
        f"{len(rows) - trading_individuals} entities and {trading_individuals} individuals "
        f"(by a trading name) as exclusion entries; "
        f"{read['individuals'] - trading_individuals} individuals have no trading name and "
        "are not entries (a person's own name is never a company's)",
        f"{low_dropped} low-quality entity aliases kept as low_quality_aliases, not matched",
    ]
    if unknown:
        listed = ", ".join(f"{name!r} x{n}" for name, n in sorted(unknown.items()))
        notes.append(f"countries not recognised (left out): {listed}")
    return Converted(package_dir=target, read=read, unplaced=unplaced, notes=notes)


IMPORTER = Importer(
    format="un-sc-sanctions-xml",
    description="UN Security Council consolidated sanctions list (official XML) as exclusions",
    default_path="screening/un-sc-consolidated-list-2025-04-19.xml",
    convert=convert,
)
