"""``sdg-partnerships``: the Partnerships for SDGs platform's records as partnerships.

The file's ``partners`` cell is free text ("UNESCO, UNFPA, UNICEF, Governments of Samoa …",
"PNUD (Organismo de Naciones Unidas); GEF (otro actor relevante)", "Government: Ministry of
…; NGOs: WWF; …"). It is split into names (:func:`split_partners`) and each name is
recognised (:class:`PartnerRecogniser`) as

1. an **agency** already in the store: its id (acronym), name or aliases (the
   ``un-entities`` importer gives agencies their names in French, Spanish and Portuguese
   and common English variants: ``PNUD`` → UNDP, ``UN Environment`` → UNEP, ``World Bank``
   → WORLD BANK GROUP); also the part of a name outside or inside parentheses
   ("Food and Agricultural Organization (FAO)"), and an agency acronym standing as an
   upper-case word in a longer name ("PNUD Ecuador", "PNUD-GEF");
2. else a **company** already in the store, by the ingest resolver's reference resolution
   (:meth:`ingest.resolve.CompanyResolver.resolve_reference`: id, normalised name, fuzzy;
   an ambiguous name is not guessed), but never a name that reads as a government, a
   country or an NGO (:data:`NOT_A_COMPANY`, country names), and never an organisation
   whose ``org_type`` says it is not a business (Global Compact NGOs, cities, academia …);
3. else an **unresolved** partner name, kept on the partnership as ``other_partners``
   (``|``-separated) or on the unplaced record: never dropped.

A record with at least one agency and at least one company becomes a ``partnerships.csv``
row ``sdg-<id>``: sdgs from "Goal N", themes where a goal maps to exactly one of our theme
slugs (:data:`GOAL_THEMES`), countries from the countries column, start/end from
``time_frame`` when readable, status ``closed`` when the time frame ended before the
platform snapshot (July 2018) and ``active`` otherwise. Any other record is *unplaced*, with
its recognised and unresolved partners in the report.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from graph import model
from graph.model import is_business
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
    split_outside_parentheses,
    write_csv,
)
from ingest.normalize import LEGAL_FORM_TOKENS, normalize_name
from ingest.reference_data import THEME_SDGS
from ingest.resolve import CompanyRecord, CompanyResolver

COLUMNS: Final = (
    "id",
    "title",
    "agencies",
    "companies",
    "themes",
    "sdgs",
    "countries",
    "status",
    "start",
    "end",
    "agencies_as_written",
    "companies_as_written",
    "other_partners",
    "time_frame",
    "record",
)

SNAPSHOT: Final = "2018-07"
"""When the platform was scraped: a time frame that ended before it is ``closed``. A fact of
the file, not today's date, so the package (and a re-import) stays the same every day."""

BODY_CATEGORIES: Final = frozenset(
    {
        "Intergovernmental and Expert Bodies",
        "Other Bodies and Committees",
        "Functional Commissions",
        "Other Subsidiary Bodies",
    }
)
"""Committees, boards and commissions of member states: recognised by their full names
only, never by acronym (``CDP`` in a partner list is the Carbon Disclosure Project, not the
Committee for Development Policy)."""

AMBIGUOUS_ACRONYMS: Final = frozenset({"CDP", "ICC"})
"""Acronyms that partner lists use far more for other bodies (the International Chamber of
Commerce): their entities are recognised by full name only."""

NOT_A_COMPANY: Final = re.compile(
    r"\b(?:governments?|gobierno|gouvernement|governo|ministry|ministries|ministerios?|"
    r"minist[eè]re|minist[eé]rio|department\s+of|departamento|municipality|municipalidad|"
    r"municipio|city\s+of|ciudad\s+de|ville\s+de|republic|rep[uú]blica|r[eé]publique|"
    r"state\s+of|parliament|embassy|embajada|ambassade|ngos?|ongs?|foundation|fundaci[oó]n|"
    r"fondation|funda[cç][aã]o|universit(?:y|ies)|universidad|universit[eé]|universidade|"
    r"association|asociaci[oó]n|civil\s+society|sociedad\s+civil|govt|gov|agency|agencia|"
    r"agence|public\s+sector|sector\s+p[uú]blico)\b",
    re.I,
)
"""Words that make a partner name a government, a public body or an NGO: such a name never
resolves to a company, however similar to one (the Global Compact counts foundations and
universities among its participants, and their names resemble companies')."""


def _single_goal_themes() -> dict[int, str]:
    by_goal: dict[int, list[str]] = {}
    for theme, goals in THEME_SDGS.items():
        if len(goals) == 1:
            by_goal.setdefault(goals[0], []).append(theme)
    return {goal: themes[0] for goal, themes in sorted(by_goal.items()) if len(themes) == 1}


GOAL_THEMES: Final = _single_goal_themes()
"""Goal -> theme where exactly one theme serves that goal alone (6 water, 7 energy, 13
climate …); goal 16, served by both peace and anti-corruption, maps to none."""


def key(text: str) -> str:
    """A comparison key: accents and case folded, ``&`` as "and", punctuation as spaces,
    a leading "the" dropped.

    >>> key("The United Nations Children’s Fund"), key("UN-Women"), key("Programme Développement")
    ('united nations childrens fund', 'un women', 'programme developpement')
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’`´]", "", text.replace("&", " and "))
    text = " ".join(re.sub(r"[^\w]+", " ", text).split())
    return text[4:] if text.startswith("the ") else text


# --------------------------------------------------------------------------------------
# splitting the free text
# --------------------------------------------------------------------------------------

_STOP: Final = frozenset("and of the de del la le les el los las y et des du da do dos das".split())

COMMON_WORD_MIN: Final = 10


def common_words(texts: Iterable[str], minimum: int = COMMON_WORD_MIN) -> set[str]:
    """Words written in lower case at least ``minimum`` times in ``texts``.

    >>> sorted(common_words(["water for all", "clean water", "Unilever water"], 2))
    ['water']
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in re.findall(r"[^\W\d_]+", text) if w.islower())
    return {w for w, n in counts.items() if n >= minimum}


_AND: Final = re.compile(r"\s+(?:and|as well as|y|et|e)\s+", re.I)
_LABEL: Final = re.compile(r"^\s*([^:()]{1,40}):\s*(.*)$", re.S)
_BULLETS: Final = " \t-–—•*·.:\x95"
_LEADING_AND: Final = re.compile(r"^(?:and|y|et|e|&)\s+", re.I)


def split_partners(text: str, protected: Iterable[str] = ()) -> list[str]:
    """The partner names in a ``partners`` cell, in order, each once.

    Splits on commas, semicolons and line breaks outside parentheses; drops leading labels
    ("Government:", "NGOs:") and bullets. Names in ``protected`` (agency names with commas)
    are kept whole.

    >>> split_partners("Government: Ministry of Education; NGOs: WWF (Fiji), WCS; WWF (Fiji)")
    ['Ministry of Education', 'WWF (Fiji)', 'WCS']
    >>> split_partners("United Nations Educational, Scientific and Cultural Organization (UNESCO)",
    ...     ["United Nations Educational, Scientific and Cultural Organization"])
    ['United Nations Educational, Scientific and Cultural Organization (UNESCO)']
    """
    for name in protected:
        if "," in name:
            text = re.sub(re.escape(name), name.replace(",", "\0"), text, flags=re.I)
    out: list[str] = []
    for part in split_outside_parentheses(text, ",;\n\r"):
        part = part.replace("\0", ",")
        label = _LABEL.match(part)
        if label and not re.search(r"https?$", label.group(1)):
            part = label.group(2)
        part = _LEADING_AND.sub("", " ".join(part.split()).lstrip(_BULLETS).rstrip(" ,;:"))
        if out and _only_legal_form(part):  # "Nike, Inc." was split at its comma
            out[-1] = f"{out[-1]}, {part}"
        elif len(part) >= 2:
            out.append(part)
    first: dict[str, str] = {}
    for part in out:
        first.setdefault(part.lower(), part)
    return list(first.values())


def _only_legal_form(part: str) -> bool:
    words = re.findall(r"\w+", part.lower().replace(".", ""))
    return bool(words) and all(w in LEGAL_FORM_TOKENS for w in words)


# --------------------------------------------------------------------------------------
# recognising names
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recognised:
    """What one partner name turned out to be."""

    written: str
    kind: str  # "agency" | "company" | "unresolved"
    ids: tuple[str, ...] = ()
    how: str = ""  # agency: id/name/alias/acronym-in-name; company: resolver method


@dataclass
class Stats:
    records: int = 0
    partnerships: int = 0
    unplaced: Counter[str] = field(default_factory=Counter)
    agencies_by_how: Counter[str] = field(default_factory=Counter)
    companies_by_how: Counter[str] = field(default_factory=Counter)
    unresolved: int = 0
    not_a_company: int = 0
    non_business: int = 0


def _aliases(agency: dict[str, Any]) -> list[str]:
    """An agency's aliases: a list (the package's ``aliases`` column); a text stored before
    ``agencies.csv`` had that column counts as one name."""
    value = agency.get("aliases") or []
    return [value] if isinstance(value, str) else [str(v) for v in value if v]


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


class PartnerRecogniser:
    """Recognises partner names against the agencies and companies of a store."""

    def __init__(self, store: Store, common_words: Iterable[str] = ()) -> None:
        self.common_words = frozenset(common_words)
        self.agency_keys: dict[str, tuple[str, str]] = {}  # key -> (agency id, how)
        self.acronyms: dict[str, str] = {}  # upper-case acronym as written -> agency id
        self.comma_names: list[str] = []
        agencies = sorted((a["id"], a) for a in store.iter_nodes(model.AGENCY))
        for aid, props in agencies:
            if props.get("category") not in BODY_CATEGORIES and aid not in AMBIGUOUS_ACRONYMS:
                self._add_agency(aid, aid, "id")
            self._add_agency(aid, props.get("name") or "", "name")
        # Aliases after every id and name: an agency's own id or name wins over another's alias.
        for aid, props in agencies:
            for alias in _aliases(props):
                self._add_agency(aid, alias, "alias")
        self.resolver = CompanyResolver()
        self.companies: dict[str, dict[str, Any]] = {}
        for props in store.iter_nodes(model.COMPANY):
            self.companies[props["id"]] = props
            self.resolver.add(
                props["id"],
                CompanyRecord(
                    id=props["id"],
                    name=props["name"],
                    aliases=tuple(_as_list(props.get("aliases"))),
                    country=props.get("country"),
                    lei=props.get("lei"),
                    gc_id=props.get("gc_id"),
                    website=props.get("website"),
                ),
            )
            for other in _as_list(props.get("ids")):
                if other != props["id"]:
                    self.resolver.add_id(props["id"], other)

    def _add_agency(self, aid: str, name: str, how: str) -> None:
        k = key(name)
        if not k:
            return
        self.agency_keys.setdefault(k, (aid, how))
        if "," in name:
            self.comma_names.append(name)
        compact = name.replace(" ", "")
        if compact.isupper() and 3 <= len(compact) <= 10:
            self.acronyms.setdefault(name.upper(), aid)

    def split(self, text: str) -> list[str]:
        return split_partners(text, self.comma_names)

    def _agency(self, text: str) -> Recognised | None:
        plain = re.sub(r"\s*\([^()]*\)", "", text).strip()
        inner = re.findall(r"\(([^()]*)\)", text)
        for candidate in (text, plain, *inner):
            found = self.agency_keys.get(key(candidate))
            if found:
                return Recognised(text, "agency", (found[0],), found[1])
        return None

    def _acronyms_in(self, text: str) -> Recognised | None:
        """Agency acronyms written as upper-case words of a longer name ("PNUD Ecuador",
        "PMF/FEM/PNUD", "Partner(s) UN-Habitat UNDP FAO")."""
        words = re.findall(r"[A-Za-z][\w]*(?:-[A-Za-z]\w*)*", text)
        words += [piece for w in words if "-" in w for piece in w.split("-")]  # "PNUD-GEF"
        ids = [
            self.acronyms[w.upper()] for w in words if w.isupper() and w.upper() in self.acronyms
        ]
        ids += [self.acronyms[w] for w in words if not w.isupper() and w in self.acronyms]
        if not ids:
            return None
        return Recognised(text, "agency", tuple(dict.fromkeys(ids)), "acronym-in-name")

    def _company(self, text: str) -> tuple[Recognised | None, str]:
        """(the company, "") or (None, why not): "" | "not-a-company" | "non-business"."""
        plain = re.sub(r"\s*\([^()]*\)", "", text).strip() or text
        if NOT_A_COMPANY.search(text) or to_iso2(plain):
            return None, "not-a-company"
        if len(re.sub(r"\W", "", plain)) < 3:
            return None, ""
        for candidate in dict.fromkeys((text, plain)):
            match = self.resolver.resolve_reference(candidate)
            if match is None or not self._plausible(candidate, match.company_id, match.method):
                continue
            props = self.companies.get(match.company_id, {})
            if not is_business(props):
                return None, "non-business"
            return Recognised(text, "company", (match.company_id,), match.method), ""
        return None, ""

    def _plausible(self, written: str, company_id: str, method: str) -> bool:
        """Free text is looser than a company column, so two more checks:

        - a one-word name that is a common word of the file ("Water", "members",
          "Solutions": seen in lower case at least :data:`COMMON_WORD_MIN` times in its
          titles and descriptions) is not a company's name here;
        - a fuzzy match must keep the number of distinctive words ("Costas" is not "De la
          Costa", "private investors" is not "Investor AB", "Novartis" is not "Novartis
          Corporativo"), while respellings and reorderings of the same words still pass.
        """
        words = normalize_name(written).split()
        if len(words) == 1 and words[0] in self.common_words:
            return False
        if method == "fuzzy":
            theirs = normalize_name(self.companies[company_id]["name"]).split()
            mine = [w for w in words if w not in _STOP]
            if len(mine) < 2 or len(mine) != len([w for w in theirs if w not in _STOP]):
                return False
        return True

    def recognise(self, text: str) -> tuple[list[Recognised], str]:
        """The recognised parts of one partner name (several when it is "A and B"), and why
        a name stayed unresolved ("not-a-company", "non-business" or "")."""
        agency = self._agency(text)
        if agency:
            return [agency], ""
        company, why = self._company(text)
        if company:
            return [company], ""
        pieces = [p for p in _AND.split(text) if p.strip()]
        if len(pieces) > 1:
            found = [self.recognise(p) for p in pieces]
            if any(r.kind != "unresolved" for rs, _ in found for r in rs):
                return [r for rs, _ in found for r in rs], ""
        acronyms = None if why == "non-business" else self._acronyms_in(text)
        if acronyms:
            return [acronyms], ""
        return [Recognised(text, "unresolved")], why


# --------------------------------------------------------------------------------------
# dates, goals, countries
# --------------------------------------------------------------------------------------

_MONTHS: Final = {
    **dict.fromkeys(("jan", "ene", "janv"), 1),
    **dict.fromkeys(("feb", "fev", "fév", "fevr", "févr"), 2),
    **dict.fromkeys(("mar", "mars", "marz"), 3),
    **dict.fromkeys(("apr", "abr", "avr"), 4),
    **dict.fromkeys(("may", "mai", "mayo", "maio"), 5),
    **dict.fromkeys(("jun", "juin", "junio", "junho"), 6),
    **dict.fromkeys(("jul", "juil", "julio", "julho"), 7),
    **dict.fromkeys(("aug", "ago", "aoû", "aou"), 8),
    **dict.fromkeys(("sep", "set", "sept"), 9),
    **dict.fromkeys(("oct", "out"), 10),
    **dict.fromkeys(("nov",), 11),
    **dict.fromkeys(("dec", "dic", "déc", "dez"), 12),
}


def _month(word: str) -> int | None:
    word = word.lower()
    for length in (5, 4, 3):
        if word[:length] in _MONTHS:
            return _MONTHS[word[:length]]
    return None


def parse_when(text: str) -> str | None:
    """One side of a time frame as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or ``None``).

    >>> [parse_when(t) for t in ("July/2015", "Junio/2017", "01/2016", "2015 September")]
    ['2015-07', '2017-06', '2016-01', '2015-09']
    >>> [parse_when(t) for t in ("2010-12-01", "0000-00-00", "Ongoing", "Oct 2015")]
    ['2010-12-01', None, None, '2015-10']
    """
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return text if m[1] != "0000" and "00" not in (m[2], m[3]) else None
    year = re.search(r"\b(19[5-9]\d|20\d\d)\b", text)
    if not year:
        return None
    month = re.search(r"\b(\d{1,2})\s*/\s*" + year[1], text)
    if month and 1 <= int(month[1]) <= 12:
        return f"{year[1]}-{int(month[1]):02d}"
    for word in re.findall(r"[^\W\d_]+", text):
        m2 = _month(word)
        if m2:
            return f"{year[1]}-{m2:02d}"
    return year[1]


def time_frame(text: str) -> tuple[str | None, str | None]:
    """(start, end) of a ``time_frame`` cell; an end before the start is dropped.

    >>> time_frame("June 2017 - December 2020"), time_frame("- 2022-12-31")
    (('2017-06', '2020-12'), (None, '2022-12-31'))
    >>> time_frame("2014 - ongoing"), time_frame("2015 - 2012")
    (('2014', None), ('2015', None))
    """
    padded = " " + text.strip()
    cut = padded.find(" - ")
    if cut < 0:
        cut = padded.find(" -")
    start_text, end_text = (padded[:cut], padded[cut + 2 :]) if cut >= 0 else (padded, "")
    start, end = parse_when(start_text), parse_when(end_text)
    if start and end and end < start[: len(end)]:
        end = None
    return start, end


def goals(text: str) -> list[int]:
    """The goal numbers of a ``goals`` cell, each once.

    >>> goals("Goal 14,Goal 2,Goal 2,Goal 19")
    [2, 14]
    """
    return sorted({int(g) for g in re.findall(r"\d+", text) if 1 <= int(g) <= 17})


def countries(text: str) -> tuple[list[str], list[str]]:
    """(ISO2 codes, names not recognised) of a comma-separated countries cell; a name with a
    comma ("Venezuela, Bolivarian Republic of") is rejoined.

    >>> countries("India,Kenya,Venezuela, Bolivarian Republic of,Atlantis")
    (['IN', 'KE', 'VE'], ['Atlantis'])
    """
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    codes: list[str] = []
    unknown: list[str] = []
    for i, piece in enumerate(pieces):
        code = to_iso2(piece)
        if code is None and i and to_iso2(f"{pieces[i - 1]}, {piece}"):
            continue  # the tail of the previous name
        (codes.append(code) if code else unknown.append(piece))
    return sorted(set(codes)), unknown


# --------------------------------------------------------------------------------------
# the conversion
# --------------------------------------------------------------------------------------


def convert_with_stats(source: Path, out_dir: Path, store: Store) -> tuple[Converted, Stats]:
    """The conversion and its counts (what :func:`convert` reports as notes)."""
    require_columns(source, ("id", "title", "goals", "partners", "time_frame", "countries"))
    target = package_dir(out_dir, f"sdg-{source.stem}")
    records = list(read_rows(source))
    texts = (c.get(k, "") for _, c in records for k in ("title", "description", "resources"))
    recogniser = PartnerRecogniser(store, common_words(texts))
    stats = Stats()
    rows: list[dict[str, Any]] = []
    unplaced: list[Unplaced] = []
    for line, cells in records:
        stats.records += 1
        record = f"{source.name}#{line} id {cells['id']}"
        agencies: dict[str, str] = {}
        companies: dict[str, str] = {}
        others: list[str] = []
        for name in recogniser.split(cells["partners"]):
            # "Deutsche Gesellschaft fÃ¼r …": recognised, and kept, as "für"
            found, why = recogniser.recognise(repair_mojibake(name))
            stats.not_a_company += why == "not-a-company"
            stats.non_business += why == "non-business"
            for r in found:
                if r.kind == "agency":
                    stats.agencies_by_how[r.how] += 1
                    for aid in r.ids:
                        agencies.setdefault(aid, r.written)
                elif r.kind == "company":
                    stats.companies_by_how[r.how] += 1
                    companies.setdefault(r.ids[0], r.written)
                else:
                    stats.unresolved += 1
                    others.append(r.written)
        if not agencies or not companies:
            reason = (
                "no agency and no company recognised"
                if not agencies and not companies
                else "no company recognised"
                if agencies
                else "no agency recognised"
            )
            if not cells["partners"].strip():
                reason = "no partners given"
            stats.unplaced[reason] += 1
            detail = "; ".join(
                f"{label}: {', '.join(values) or '-'}"
                for label, values in (
                    ("agencies", sorted(agencies)),
                    ("companies", sorted(companies)),
                    ("unresolved", others),
                )
            )
            unplaced.append(Unplaced(f"{record} ({detail})", reason))
            continue
        sdgs = goals(cells["goals"])
        codes, _unknown = countries(cells["countries"])
        start, end = time_frame(cells["time_frame"])
        rows.append(
            {
                "id": f"sdg-{cells['id']}",
                "title": repair_mojibake(" ".join(cells["title"].split()))
                or f"SDG partnership {cells['id']}",
                "agencies": sorted(agencies),
                "companies": sorted(companies),
                "themes": sorted({GOAL_THEMES[g] for g in sdgs if g in GOAL_THEMES}),
                "sdgs": sdgs,
                "countries": codes,
                "status": "closed" if end and end[:7] < SNAPSHOT else "active",
                "start": start,
                "end": end,
                "agencies_as_written": [agencies[a] for a in sorted(agencies)],
                "companies_as_written": [companies[c] for c in sorted(companies)],
                "other_partners": [o.replace("|", "/") for o in others],
                "time_frame": cells["time_frame"],
                "record": record,
            }
        )
    stats.partnerships = len(rows)
    write_csv(target / "partnerships.csv", COLUMNS, rows)
    return Converted(
        package_dir=target, read={"records": stats.records}, unplaced=unplaced, notes=_notes(stats)
    ), stats


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "none"


def _notes(stats: Stats) -> list[str]:
    return [
        f"{stats.partnerships} partnerships from {stats.records} records; "
        f"{sum(stats.unplaced.values())} unplaced ({_counts(stats.unplaced)})",
        f"agency mentions recognised: {sum(stats.agencies_by_how.values())} "
        f"(by {_counts(stats.agencies_by_how)})",
        f"company mentions recognised: {sum(stats.companies_by_how.values())} "
        f"(by {_counts(stats.companies_by_how)})",
        f"partner names left unresolved: {stats.unresolved} (of which {stats.not_a_company} "
        f"read as a government, country or NGO and {stats.non_business} are known "
        "non-business organisations)",
    ]


def convert(source: Path, out_dir: Path, store: Store) -> Converted:
    """Write ``partnerships.csv`` for every record with a recognised agency and company."""
    return convert_with_stats(source, out_dir, store)[0]


IMPORTER = Importer(
    format="sdg-partnerships",
    description="Partnerships for SDGs platform records, free-text partners recognised",
    default_path="sdg-partnerships/partnerships-2018.csv",
    convert=convert,
)
