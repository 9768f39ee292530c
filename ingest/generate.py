"""A synthetic but realistic data package (format v1), deterministic per seed.

The package describes UN agency–business partnerships as they stood on 30 June 2013, the time
of the Secretary-General's report "Towards global partnerships": the real agencies,
initiatives and 101 Global Compact local networks (:mod:`ingest.reference_data`), and
invented companies with the partnerships, approaches, commitments, memberships, screenings,
hub needs and screening-list entries around them.

What makes it useful for testing the product:

- company names are invented and pairwise far apart (each carries its own stem word, see
  :class:`_StemFactory`): no two companies reach a token_sort_ratio of 90, so a fuzzy
  matcher never confuses them, while ~15% of the company cells in other files are the
  company's name *as another agency wrote it* (case, legal form, "The", punctuation,
  ``&``/``and``, accents), which normalises to the same key;
- ~5% of companies are approached by 2-4 agencies within a few months, mostly on the same
  theme and in the same country, often for funding: the duplication to detect (§37);
- ~89% of partnerships are local, single-country (§22); some companies are committed to an
  initiative without partnering with its conveners; some are flagged, expelled from the
  Global Compact or named (in a variant spelling) on a screening list.

Same ``(companies, seed)`` -> byte-identical files. Only ``random.Random`` instances seeded
from the seed are used, never the global generator or the clock; "today" is 2013-06-30.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     counts = generate_package(Path(tmp), companies=50, seed=1)
>>> counts["companies.csv"], counts["local_networks.csv"]
(50, 101)
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Final

from ingest import reference_data as ref
from ingest.schema import FILES

__all__ = [
    "DEMO_COMPANIES",
    "DEMO_DIR",
    "DEMO_SEED",
    "FILE_COLUMNS",
    "TODAY",
    "generate_package",
    "write_demo_package",
]

TODAY: Final = dt.date(2013, 6, 30)
"""The fixed "today" of every generated package: the time of the report."""

DEMO_COMPANIES: Final = 400
DEMO_SEED: Final = 2013
DEMO_DIR: Final = Path(__file__).resolve().parent.parent / "partnergraph" / "demo"
"""Where the bundled demo package lives (``partnergraph demo`` loads it)."""

FILE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {f.name: f.column_names for f in FILES}
"""Every file of the package with its columns, in the order of ``DATA-PACKAGE.md``."""

VARIANT_SHARE: Final = 0.15
"""Share of company cells (partnerships, approaches, commitments, screenings) that hold a
name variant instead of the company id."""

# ======================================================================================
# Vocabulary
# ======================================================================================


@dataclass(frozen=True)
class _Sector:
    slug: str
    weight: float
    words: tuple[str, ...]
    themes: tuple[str, ...]
    partnership_types: tuple[tuple[str, float], ...] = ()


# Sector words name companies; themes are what the sector most naturally partners on; the
# factors make some partnership types likelier (logistics -> in-kind, media -> advocacy).
# The last four are the sensitive sectors (grey areas, report §42): rare, mostly screened out.
# fmt: off
_SECTORS: Final[tuple[_Sector, ...]] = (
    _Sector("agriculture", 6, ("Agro", "Farms", "Agri", "Seeds", "Harvest", "Plantations"),
            ("food", "environment", "water", "climate")),
    _Sector("food-beverage", 7, ("Foods", "Dairy", "Beverages", "Nutrition", "Mills", "Bakeries"),
            ("food", "health", "water", "children"), (("in-kind", 2.0), ("core-business", 1.5))),
    _Sector("energy", 6, ("Energy", "Power", "Solar", "Renewables", "Petroleum", "Gas"),
            ("energy", "climate", "environment"), (("core-business", 2.0),)),
    _Sector("utilities", 3, ("Water", "Utilities", "Electric", "Water Services"),
            ("water", "energy", "environment"), (("core-business", 1.5),)),
    _Sector("telecommunications", 4, ("Telecom", "Mobile", "Networks", "Communications"),
            ("innovation", "education", "humanitarian", "health"),
            (("core-business", 2.0), ("in-kind", 1.5))),
    _Sector("technology", 7, ("Technologies", "Software", "Systems", "Digital", "Data", "Labs"),
            ("innovation", "education", "humanitarian"),
            (("in-kind", 1.5), ("core-business", 1.5))),
    _Sector("pharmaceuticals", 3, ("Pharma", "Pharmaceuticals", "Life Sciences", "Biotech"),
            ("health", "children"), (("in-kind", 2.0),)),
    _Sector("healthcare", 4, ("Health", "Medical", "Diagnostics", "Healthcare", "Clinics"),
            ("health", "children", "gender")),
    _Sector("financial-services", 6,
            ("Bank", "Capital", "Finance", "Microfinance", "Investments", "Securities"),
            ("finance", "gender", "innovation", "anti-corruption"),
            (("innovative-finance", 3.0), ("philanthropy", 1.5))),
    _Sector("insurance", 2, ("Insurance", "Assurance", "Reinsurance", "Mutual"),
            ("finance", "humanitarian", "climate"), (("innovative-finance", 3.0),)),
    _Sector("mining", 2, ("Mining", "Minerals", "Resources", "Metals"),
            ("environment", "human-rights", "labour", "anti-corruption", "water")),
    _Sector("construction", 4,
            ("Construction", "Engineering", "Builders", "Infrastructure", "Cement"),
            ("labour", "humanitarian", "environment")),
    _Sector("manufacturing", 6,
            ("Industries", "Manufacturing", "Steel", "Plastics", "Packaging", "Machinery"),
            ("labour", "environment", "innovation", "energy")),
    _Sector("textiles-apparel", 4, ("Textiles", "Apparel", "Garments", "Fashion", "Knitwear"),
            ("labour", "gender", "human-rights", "children")),
    _Sector("retail", 5, ("Retail", "Stores", "Supermarkets", "Trading", "Markets"),
            ("labour", "food", "gender"), (("philanthropy", 1.5), ("advocacy", 1.5))),
    _Sector("logistics", 4,
            ("Logistics", "Shipping", "Freight", "Transport", "Express", "Airlines"),
            ("humanitarian", "food"), (("in-kind", 3.0),)),
    _Sector("media", 2, ("Media", "Publishing", "Broadcasting", "Press"),
            ("children", "education", "human-rights"), (("advocacy", 4.0),)),
    _Sector("chemicals", 2, ("Chemicals", "Fertilizers", "Coatings", "Polymers"),
            ("environment", "water", "health")),
    _Sector("automotive", 2, ("Motors", "Automotive", "Auto Parts"),
            ("environment", "climate", "innovation")),
    _Sector("professional-services", 4, ("Consulting", "Advisory", "Associates", "Audit"),
            ("anti-corruption", "finance", "innovation"), (("in-kind", 2.0),)),
    _Sector("hospitality", 3, ("Hotels", "Resorts", "Travel", "Hospitality"),
            ("labour", "children", "environment"), (("advocacy", 1.5),)),
    _Sector("real-estate", 2, ("Properties", "Real Estate", "Estates", "Developments"),
            ("environment", "climate")),
    _Sector("education-services", 2, ("Learning", "Education", "Academy", "Schools"),
            ("education", "children")),
    _Sector("tobacco", 0.25, ("Tobacco", "Leaf"),
            ("health",)),
    _Sector("arms-defence", 0.2, ("Defence Systems", "Ordnance", "Armaments"),
            ("peace",)),
    _Sector("gambling", 0.2, ("Gaming", "Casinos", "Lottery", "Betting"),
            ("finance",)),
    _Sector("alcohol", 0.3, ("Breweries", "Distillers", "Wines", "Spirits"),
            ("food",)),
)
# fmt: on

_SECTOR_BY_SLUG: Final = {s.slug: s for s in _SECTORS}
SENSITIVE_SECTORS: Final = frozenset({"tobacco", "arms-defence", "gambling", "alcohol"})

# Sector words in the company's language (used for about half of the companies there).
_LOCAL_WORDS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "de": {
        "energy": ("Energie",),
        "technology": ("Technik", "Systeme"),
        "construction": ("Bau",),
        "logistics": ("Logistik",),
        "manufacturing": ("Maschinenbau", "Werke"),
        "financial-services": ("Finanz",),
        "insurance": ("Versicherung",),
        "retail": ("Handel",),
        "healthcare": ("Medizintechnik",),
    },
    "fr": {
        "energy": ("Énergie",),
        "technology": ("Informatique",),
        "construction": ("Bâtiment",),
        "logistics": ("Logistique", "Transports"),
        "food-beverage": ("Alimentaire",),
        "healthcare": ("Santé",),
        "financial-services": ("Finance",),
        "insurance": ("Assurances",),
        "agriculture": ("Agricole",),
        "retail": ("Distribution",),
        "chemicals": ("Chimie",),
    },
    "es": {
        "energy": ("Energía",),
        "technology": ("Tecnología", "Sistemas"),
        "construction": ("Construcciones", "Ingeniería"),
        "logistics": ("Logística", "Transportes"),
        "food-beverage": ("Alimentos",),
        "healthcare": ("Salud",),
        "pharmaceuticals": ("Farmacéutica", "Laboratorios"),
        "financial-services": ("Financiera",),
        "insurance": ("Seguros",),
        "agriculture": ("Agrícola",),
        "mining": ("Minera",),
        "chemicals": ("Química",),
        "textiles-apparel": ("Textil",),
    },
    "pt": {
        "energy": ("Energia",),
        "technology": ("Tecnologia", "Sistemas"),
        "construction": ("Construções", "Engenharia"),
        "logistics": ("Logística", "Transportes"),
        "food-beverage": ("Alimentos",),
        "healthcare": ("Saúde",),
        "pharmaceuticals": ("Farmacêutica",),
        "financial-services": ("Financeira",),
        "insurance": ("Seguros",),
        "agriculture": ("Agrícola", "Agropecuária"),
        "mining": ("Mineração",),
        "chemicals": ("Química",),
        "textiles-apparel": ("Têxtil",),
    },
    "it": {
        "energy": ("Energia",),
        "technology": ("Tecnologie", "Sistemi"),
        "construction": ("Costruzioni",),
        "logistics": ("Logistica", "Trasporti"),
        "food-beverage": ("Alimentari",),
        "pharmaceuticals": ("Farmaceutici",),
        "insurance": ("Assicurazioni",),
        "chemicals": ("Chimica",),
        "textiles-apparel": ("Tessile",),
    },
}

# Accented letters a stem may carry in a language (display only; matching ignores them).
_ACCENTS: Final[dict[str, dict[str, str]]] = {
    "fr": {"e": "é"},
    "es": {"a": "á", "e": "é", "o": "ó", "i": "í"},
    "pt": {"a": "á", "o": "ô", "e": "ê"},
    "de": {"o": "ö", "u": "ü", "a": "ä"},
    "nordic": {"o": "ø", "a": "å"},
    "tr": {"o": "ö", "u": "ü", "s": "ş"},
}


@dataclass(frozen=True)
class _Country:
    code: str
    weight: float
    language: str
    large_forms: tuple[str, ...]
    sme_forms: tuple[str, ...]
    tld: str
    prefix: str = ""
    """A legal form written before the name ("PT" in Indonesia)."""


def _countries(table: str) -> tuple[_Country, ...]:
    """Rows of ``code; weight; language; tld; large forms; SME forms; prefix`` -> countries."""
    out = []
    for line in table.strip().splitlines():
        code, weight, language, tld, large, sme, prefix = (p.strip() for p in line.split(";"))
        out.append(
            _Country(
                code,
                float(weight),
                language,
                tuple(large.split("|")),
                tuple(sme.split("|")),
                tld,
                prefix,
            )
        )
    return tuple(out)


# Headquarters countries of the invented companies (weights), with legal forms that fit
# the country for large companies and SMEs. ``ingest.normalize`` removes every one of them.
_COUNTRIES: Final[tuple[_Country, ...]] = _countries(
    """
    US; 9; en; com; Inc.|Corporation|Corp.; LLC|Inc.|Co.;
    CA; 2; en; ca; Inc.|Ltd.|Corporation; Inc.|Ltd.;
    GB; 5; en; co.uk; PLC|Limited; Ltd|Limited|LLP;
    IE; 0.5; en; ie; PLC; Limited|Ltd;
    DE; 5; de; de; AG|SE; GmbH|GmbH & Co. KG;
    AT; 1; de; at; AG; GmbH;
    CH; 2; de; ch; AG|SA; GmbH|AG|Sàrl;
    FR; 4; fr; fr; S.A.|SA; SAS|SARL;
    BE; 1; fr; be; NV|SA; BVBA|SPRL;
    LU; 0.3; fr; lu; S.A.; S.A.|SARL;
    NL; 2; en; nl; N.V.; B.V.;
    ES; 4; es; es; S.A.; S.L.;
    PT; 1; pt; pt; S.A.; Lda.;
    IT; 3; it; it; S.p.A.; S.r.l.;
    GR; 0.7; en; gr; S.A.; S.A.;
    SE; 2; nordic; se; AB; AB;
    DK; 1.5; nordic; dk; A/S; ApS|A/S;
    NO; 1; nordic; no; ASA; AS;
    FI; 1; nordic; fi; Oyj; Oy;
    PL; 1; en; pl; S.A.; Sp. z o.o.;
    CZ; 0.5; en; cz; a.s.; s.r.o.;
    HU; 0.5; en; hu; Zrt.|Nyrt.; Kft.;
    RO; 0.5; en; ro; S.A.; S.R.L.;
    RS; 0.5; en; rs; a.d.; d.o.o.;
    HR; 0.3; en; hr; d.d.; d.o.o.;
    BG; 0.3; en; bg; AD|EAD; OOD;
    TR; 3; tr; com.tr; A.Ş.; A.Ş.;
    RU; 2; en; ru; PJSC|JSC; LLC;
    UA; 1; en; com.ua; PJSC; LLC;
    JP; 4; en; co.jp; Corporation|Co., Ltd.; Co., Ltd.|K.K.;
    CN; 6; en; com.cn; Co., Ltd.; Co., Ltd.;
    KR; 2; en; co.kr; Co., Ltd.|Corporation; Co., Ltd.;
    IN; 7; en; co.in; Limited|Ltd; Pvt Ltd|Private Limited|Pvt. Ltd.;
    ID; 2; en; co.id; Tbk; ; PT
    TH; 1.5; en; co.th; Co., Ltd.; Co., Ltd.;
    PH; 1.5; en; com.ph; Corporation|Inc.; Inc.|Corporation;
    VN; 1; en; com.vn; JSC|Corporation; Co., Ltd.|JSC;
    MY; 1; en; com.my; Berhad|Bhd; Sdn Bhd|Sdn. Bhd.;
    SG; 1; en; com.sg; Limited|Ltd; Pte Ltd|Pte. Ltd.;
    BD; 1.5; en; com.bd; Limited|Ltd; (Pvt) Ltd|Ltd;
    PK; 1; en; com.pk; Limited; (Pvt) Ltd;
    LK; 0.7; en; lk; PLC|Limited; (Pvt) Ltd;
    NP; 0.3; en; com.np; Limited; Pvt. Ltd.;
    AU; 2; en; com.au; Limited|Ltd; Pty Ltd;
    NZ; 0.5; en; co.nz; Limited; Limited|Ltd;
    MX; 3.5; es; com.mx; S.A.B. de C.V.; S.A. de C.V.;
    BR; 5; pt; com.br; S.A.; Ltda.;
    AR; 2; es; com.ar; S.A.; S.R.L.|S.A.;
    CL; 2; es; cl; S.A.; SpA|Ltda.;
    CO; 2.5; es; com.co; S.A.; S.A.S.;
    PE; 1.5; es; com.pe; S.A.A.; S.A.C.;
    EC; 0.6; es; com.ec; S.A.; S.A.;
    CR; 0.6; es; co.cr; S.A.; S.A.;
    GT; 0.4; es; com.gt; S.A.; S.A.;
    PA; 0.4; es; com.pa; S.A.; S.A.;
    KE; 3; en; co.ke; PLC|Limited; Ltd|Limited;
    NG; 3; en; com.ng; Plc|Limited; Ltd|Limited;
    GH; 1.5; en; com.gh; Limited; Ltd;
    ZA; 3.5; en; co.za; Limited|Ltd; (Pty) Ltd;
    ET; 0.8; en; com.et; S.C.; PLC;
    TZ; 0.8; en; co.tz; Limited; Ltd;
    UG; 0.8; en; co.ug; Limited; Ltd;
    ZM; 0.4; en; co.zm; Plc; Limited;
    SN; 0.5; fr; sn; S.A.; SARL;
    CI; 0.5; fr; ci; S.A.; SARL;
    EG; 2; en; com.eg; S.A.E.; S.A.E.|LLC;
    MA; 1; fr; ma; S.A.; SARL;
    TN; 0.5; fr; com.tn; S.A.; SARL;
    JO; 0.6; en; jo; PLC; LLC;
    LB; 0.5; fr; com.lb; S.A.; SARL;
    AE; 1.2; en; ae; PJSC; LLC;
    SA; 0.6; en; com.sa; Company|Co.; Co.|LLC;
    QA; 0.4; en; com.qa; Company; LLC;
    IL; 0.3; en; co.il; Ltd; Ltd;
    """
)
_COUNTRY_BY_CODE: Final = {c.code: c for c in _COUNTRIES}

# Other ways agencies spell the same legal form (all removed by ``ingest.normalize``).
_ALT_FORMS: Final[dict[str, tuple[str, ...]]] = {
    "Ltd": ("Limited", "Ltd."),
    "Ltd.": ("Limited", "Ltd"),
    "Limited": ("Ltd", "Ltd."),
    "Inc.": ("Incorporated", "Inc"),
    "Corp.": ("Corporation", "Corp"),
    "Corporation": ("Corp.", "Corp"),
    "Co.": ("Company",),
    "Company": ("Co.",),
    "LLC": ("L.L.C.",),
    "PLC": ("plc", "Plc"),
    "Plc": ("PLC", "plc"),
    "Pvt Ltd": ("Private Limited", "Pvt. Ltd."),
    "Pvt. Ltd.": ("Private Limited", "Pvt Ltd"),
    "Private Limited": ("Pvt Ltd", "Pvt. Ltd."),
    "(Pvt) Ltd": ("Pvt Ltd", "Private Limited"),
    "(Pty) Ltd": ("Pty Ltd", "(Pty) Limited"),
    "Pty Ltd": ("(Pty) Ltd", "Pty. Ltd."),
    "Pte Ltd": ("Pte. Ltd.", "Private Limited"),
    "Pte. Ltd.": ("Pte Ltd",),
    "Co., Ltd.": ("Co. Ltd", "Company Limited", "Co Ltd"),
    "Sdn Bhd": ("Sdn. Bhd.",),
    "Sdn. Bhd.": ("Sdn Bhd",),
    "Berhad": ("Bhd",),
    "Bhd": ("Berhad",),
    "S.A.": ("SA",),
    "SA": ("S.A.",),
    "S.A. de C.V.": ("SA de CV",),
    "S.A.B. de C.V.": ("SAB de CV",),
    "S.A.S.": ("SAS",),
    "SAS": ("S.A.S.",),
    "N.V.": ("NV",),
    "NV": ("N.V.",),
    "B.V.": ("BV",),
    "S.p.A.": ("SpA",),
    "S.r.l.": ("Srl", "S.R.L."),
    "S.R.L.": ("SRL", "S.r.l."),
    "S.L.": ("SL",),
    "Ltda.": ("Ltda",),
    "Lda.": ("Lda",),
    "A/S": ("AS",),
    "A.Ş.": ("AŞ", "A.S."),
    "JSC": ("J.S.C.",),
    "K.K.": ("KK",),
    "S.A.E.": ("SAE",),
    "GmbH & Co. KG": ("GmbH & Co KG",),
}

_GROUP_WORDS: Final = ("Group", "Holdings", "International", "Solutions", "Industries", "Services")
_PARTNER_WORDS: Final = ("Sons", "Partners", "Associates", "Brothers")
_PREFIX_WORD: Final = {"es": "Grupo", "pt": "Grupo", "fr": "Groupe"}

MAX_NAME: Final = 24
"""Longest name a company gets, in characters of its simple key (legal form aside)."""

# ======================================================================================
# Invented stem words
# ======================================================================================

_ONSETS: Final = tuple("bcdfghjklmnprstvz") + tuple("bdklmnrstv")
_CLUSTERS: Final = (
    "br", "cr", "dr", "fr", "gr", "kr", "pr", "tr", "st", "pl", "cl", "bl", "gl", "fl", "sl",
    "sp", "sm", "sn", "sk", "ch", "sh", "th", "ph", "qu",
)  # fmt: skip
_VOWELS: Final = (*"aeiouaeioaeo", "ai", "ea", "au", "io", "ia", "eo", "ou", "ei")
_CODAS: Final = tuple("nrlsm")
# Word endings by length, after a vowel (_TAILS_C) or after a consonant (_TAILS_V).
_TAILS_C: Final[dict[int, tuple[str, ...]]] = {
    2: ("ra", "na", "la", "va", "ma", "ta", "da", "no", "ro", "to", "vo", "lo", "do", "ga",
        "ko", "nt", "rn", "nd", "rk", "ll", "ss", "sa", "za", "ka", "ri", "ni", "li"),
    3: ("ria", "lia", "nia", "via", "tia", "ton", "don", "lon", "ron", "von", "lex", "rex",
        "tex", "nix", "rix", "lix", "vix", "tis", "ris", "lis", "nis", "mar", "var", "dar",
        "tar", "lar", "nar", "ven", "ren", "len", "den", "tek", "mus", "rus", "tus", "dus",
        "dor", "tor", "lor", "vor", "nor", "sor", "lta", "nda", "rta", "nza", "sta", "mex",
        "dex", "gon", "tan", "ran", "lan", "van", "zen", "ber", "ter", "ler", "mir", "dir",
        "vik", "nik"),
    4: ("rant", "lent", "vant", "dent", "mont", "land", "mark", "berg", "tron", "plex",
        "lina", "rina", "vera", "tera", "dora", "tana", "lius", "rius", "nium", "dian",
        "lian", "rion", "stra", "ntis", "ndor", "ltex", "mira", "vion", "lora", "nova"),
}  # fmt: skip
_TAILS_V: Final[dict[int, tuple[str, ...]]] = {
    1: ("a", "o", "i", "e"),
    2: ("ia", "io", "is", "ex", "ix", "ar", "en", "on", "um", "us", "os", "el", "ea", "an",
        "er", "or", "as", "es"),
    3: ("ara", "ina", "ent", "ica", "ova", "eon", "ium", "ant", "ora", "ano", "eta", "ira",
        "ata", "iko", "era", "ino", "ali", "oni", "ery", "ana", "ena", "ion", "ius", "ast",
        "ost"),
}  # fmt: skip
_STEM_PREFIXES: Final = (
    "terra", "nova", "sol", "agri", "aqua", "vita", "medi", "trans", "inter", "uni", "eco",
    "bio", "geo", "sun", "star", "blue", "green", "nor", "west", "east", "alpha", "omni",
    "max", "pan", "ever", "zen", "delta", "sigma", "orion", "atlas", "kili", "sahel",
    "andes", "baltic", "nile", "volta", "lagos", "cedar", "oak", "iron", "silver", "gold",
    "nord", "sud", "pacif", "atlan", "meri", "tropi", "savan",
)  # fmt: skip
_STEM_LENGTHS: Final = (7, 8)
_GOOD_VOWEL_PAIRS: Final = frozenset({"ai", "ea", "au", "io", "ia", "eo", "ou", "ei", "ie", "oa"})
_GOOD_CONSONANT_PAIRS: Final = frozenset(
    {*_CLUSTERS, "nt", "nd", "rk", "ll", "ss", "rn", "ck", "ct", "pt", "xt", "lt", "rt", "nk"}
)
# Substrings that would make an unfortunate company name.
_BAD_SUBSTRINGS: Final = (
    "sex", "fuk", "fuc", "cum", "nig", "nazi", "kkk", "ass", "tit", "dick", "cock", "porn",
    "rape", "shit", "piss", "slut", "anal", "puta", "merd", "coon", "fag", "kill", "dead",
    "bomb", "isis", "jihad", "terror", "negr", "cul", "pene", "cazz", "fick", "gun", "poo",
)  # fmt: skip


def _ugly_pattern() -> re.Pattern[str]:
    """Letter sequences a stem must not contain (unpronounceable, or unfortunate words)."""
    vowels = "aeiou"
    letters = "abcdefghijklmnopqrstuvwxyz"

    def bad(a: str, b: str) -> bool:
        if a in vowels and b in vowels:
            return a + b not in _GOOD_VOWEL_PAIRS
        if a not in vowels and b not in vowels:
            return a not in _CODAS and a + b not in _GOOD_CONSONANT_PAIRS
        return False

    bad_pairs = {a: [b for b in letters if bad(a, b)] for a in letters}
    parts = [r"[aeiou]{3}", r"[^aeiou]{3}"]
    parts += [f"{a}[{''.join(bs)}]" for a, bs in bad_pairs.items() if bs]
    parts += _BAD_SUBSTRINGS
    return re.compile("|".join(parts))


_UGLY_RE: Final = _ugly_pattern()
# Real company names a stem must not come within one edit of.
_REAL_NAMES: Final = frozenset(
    """
    telenor novartis vodafone unilever siemens ericsson samsung heineken alcatel lafarge
    statoil petronas bradesco movistar inditex gazprom rosneft sberbank alibaba tencent
    toshiba hitachi hyundai reliance mahindra dangote globacom vodacom orascom etisalat
    vivendi michelin danone chevron mondelez kellogg pepsico colgate philips santander
    barclays unicredit glencore schindler holcim syngenta clariant richemont swatch
    cemex femsa embraer odebrecht natura gerdau ambev votorantim ecopetrol codelco
    sinopec petrochina lenovo huawei haier panasonic fujitsu mitsubishi sumitomo marubeni
    itochu softbank nintendo kyocera bridgestone takeda astellas infosys accenture
    deloitte vattenfall fortum electrolux husqvarna sandvik carlsberg vestas novozymes
    maersk equinor telia nokia kone ikea lego safaricom econet sasol naspers aramco sabic
    emaar turkcell arcelik sabanci tupras solvay renault peugeot citroen airbus thales
    safran alstom veolia bouygues vinci carrefour auchan danone loreal sanofi unilever
    nestle roche lindt novartis bayer basf henkel daimler bosch allianz lufthansa adidas
    puma zara mango repsol endesa iberdrola ferrovial acciona abengoa telefonica
    petrobras vale itau bimbo televisa walmart cargill monsanto dupont pfizer merck
    abbott medtronic chevron exxon conoco halliburton boeing lockheed raytheon
    microsoft google oracle intel cisco verizon comcast disney starbucks mcdonalds
    """.split()
)
EIGHT_LETTER_NAME: Final = 15
"""From this many characters (stem and words, legal form aside) a name gets an 8-letter stem."""
LONG_NAME: Final = 20
"""From this many characters, a name's stem must also be >= 6 insertions/deletions from the
stems of the names with the same other words."""


def _deletions(word: str, count: int) -> set[str]:
    """Every string made from ``word`` by deleting exactly ``count`` letters (0, 1 or 2).

    >>> sorted(_deletions("abc", 2))
    ['a', 'b', 'c']
    """
    if count == 0:
        return {word}
    ones = {word[:i] + word[i + 1 :] for i in range(len(word))}
    if count == 1:
        return ones
    return {w[:i] + w[i + 1 :] for w in ones for i in range(len(w))}


def _is_pronounceable(word: str) -> bool:
    """
    >>> _is_pronounceable("kovalent"), _is_pronounceable("kvalentt"), _is_pronounceable("ko")
    (True, False, False)
    """
    return len(word) in _STEM_LENGTHS and not _UGLY_RE.search(word)


class _StemFactory:
    """Invents pronounceable stem words of 7-8 letters for company names.

    Any two stems differ by more than one edit: never by one letter, one insertion or one
    swap, so they are distinct tokens for the resolver, and two stems of equal length are
    >= 4 insertions/deletions apart. That keeps two names with the same other words below
    a token_sort_ratio of 90 up to 19 characters when both stems have 8 letters (which
    :func:`_fresh_name` asks for from 15 characters). Longer names must also :meth:`claim`
    their stem in the group of names with the same other words (>= 6 apart there), which
    is enough up to 24 characters (``MAX_NAME``).

    All checks use deletion neighbourhoods (symmetric delete): O(1) each.
    """

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()
        self._groups: dict[str, set[str]] = {}
        for name in sorted(_REAL_NAMES):
            self._taken |= _deletions(name, 0) | _deletions(name, 1)

    def _candidate(self, target: int) -> str:
        random = self._rng.random

        def pick(options: Sequence[str]) -> str:
            return options[int(random() * len(options))]

        if random() < 0.25:
            word = pick(_STEM_PREFIXES)
        else:
            word = pick(_CLUSTERS if random() < 0.25 else _ONSETS) + pick(_VOWELS)
            if random() < 0.3:
                word += pick(_CODAS)
        while True:
            need = target - len(word)
            tails = _TAILS_V if word[-1] not in "aeiou" else _TAILS_C
            if need in tails and (need < 3 or random() < 0.6):
                return word + pick(tails[need])
            if need < 2:
                return word  # the wrong length: rejected by the caller
            if word[-1] not in "aeiou" or random() >= 0.2:
                word += pick(_ONSETS)
            else:
                word += pick(_CLUSTERS)
            word += pick(_VOWELS)
            if random() < 0.3:
                word += pick(_CODAS)

    def new(self, length: int | None = None) -> str:
        """A fresh lowercase ASCII stem (of ``length`` letters if given, else 7 or 8), more
        than one edit from every stem handed out before."""
        while True:
            target = length or self._rng.choice(_STEM_LENGTHS)
            word = self._candidate(target)
            if len(word) != target or not _is_pronounceable(word):
                continue
            keys = _deletions(word, 0) | _deletions(word, 1)
            if self._taken.isdisjoint(keys):
                self._taken |= keys
                return word

    def claim(self, stem: str, group: str) -> bool:
        """Reserve an 8-letter ``stem`` among the names whose other words are ``group``.

        False when a stem there is within 4 insertions/deletions: two 8-letter words are
        exactly then left with a common 6-letter word after deleting two letters from each.
        """
        keys = _deletions(stem, 2)
        taken = self._groups.setdefault(group, set())
        if not taken.isdisjoint(keys):
            return False
        taken |= keys
        return True


def _display_stem(stem: str, language: str, rng: Random) -> str:
    """Capitalised stem, with one accented letter for ~25% of stems in accented languages."""
    accents = _ACCENTS.get(language)
    if accents and rng.random() < 0.25:
        spots = [
            i
            for i in range(1, len(stem) - 1)
            if stem[i] in accents and stem[i - 1] not in "aeiou" and stem[i + 1] not in "aeiou"
        ]
        if spots:
            i = rng.choice(spots)
            stem = stem[:i] + accents[stem[i]] + stem[i + 1 :]
    return stem[0].upper() + stem[1:]


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NON_LETTERS: Final = re.compile(r"[^a-z]+")


def _simple_key(text: str) -> str:
    """A rough comparison key: ASCII, lowercase, "&" as "and", letters and spaces only.

    >>> _simple_key("Grupo Solvera & Asociados")
    'grupo solvera and asociados'
    """
    text = _ascii(text.replace("&", " and ")).lower()
    return " ".join(_NON_LETTERS.sub(" ", text).split())


# ======================================================================================
# Small helpers
# ======================================================================================


class _Weighted:
    """Repeated weighted draws in O(log n) each."""

    def __init__(self, items: Sequence[str] | Sequence[int], weights: Iterable[float]) -> None:
        self.items: list[str | int] = list(items)
        self._cum = list(accumulate(weights))
        if not self.items or self._cum[-1] <= 0:
            raise ValueError("need at least one item with a positive weight")
        self._total = self._cum[-1]

    def draw(self, rng: Random) -> str | int:
        i = bisect_right(self._cum, rng.random() * self._total)
        return self.items[min(i, len(self.items) - 1)]


def _draw_str(weighted: _Weighted, rng: Random) -> str:
    value = weighted.draw(rng)
    assert isinstance(value, str)
    return value


def _draw_int(weighted: _Weighted, rng: Random) -> int:
    value = weighted.draw(rng)
    assert isinstance(value, int)
    return value


def _choose(rng: Random, options: tuple[tuple[str, float], ...]) -> str:
    """One of the options' values, drawn by weight."""
    return _draw_str(_options_table(options), rng)


@cache
def _options_table(options: tuple[tuple[str, float], ...]) -> _Weighted:
    return _Weighted([value for value, _ in options], [weight for _, weight in options])


def _day(rng: Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _recent_day(rng: Random, start: dt.date, end: dt.date) -> dt.date:
    """A day between start and end, more likely near the end (activity grew over time)."""
    span = end.toordinal() - start.toordinal()
    return dt.date.fromordinal(start.toordinal() + int(rng.triangular(0, span, span)))


def _money(rng: Random, median: float, low: float, high: float, step: int = 1000) -> int:
    value = min(max(rng.lognormvariate(0, 1.0) * median, low), high)
    return max(step, round(value / step) * step)


def _join(values: Iterable[object]) -> str:
    return "|".join(str(v) for v in values)


def _sdgs(themes: Sequence[str]) -> str:
    return _sdgs_of(tuple(themes))


@cache
def _sdgs_of(themes: tuple[str, ...]) -> str:
    return _join(sorted({g for t in themes for g in ref.THEME_SDGS.get(t, ())}))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _lei(rng: Random) -> str:
    """A 20-character LEI: LOU prefix, "00", 12 entity characters, ISO 7064 check digits."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    lou = rng.choice(("5493", "2138", "5299", "9695", "7245", "3157", "8156", "2549", "9884"))
    body = lou + "00" + "".join(rng.choice(alphabet) for _ in range(12))
    numeric = "".join(str(int(ch, 36)) for ch in body) + "00"
    return f"{body}{98 - int(numeric) % 97:02d}"


def _with_form(base: str, form: str, prefix: str = "", comma: bool = False) -> str:
    parts = [prefix, base + ("," if comma and form else ""), form]
    return " ".join(p for p in parts if p)


# ======================================================================================
# Companies
# ======================================================================================


@dataclass(slots=True)
class _Company:
    index: int
    id: str
    stem: str
    name: str
    base: str
    form: str
    prefix: str
    country: str
    country_cell: str
    countries: list[str]
    sector: str
    size: str
    language: str
    weight: float = 1.0
    aliases: list[str] = field(default_factory=list)
    lei: str = ""
    website: str = ""
    gc_id: str = ""
    gc_status: str = "none"
    gc_joined: dt.date | None = None
    engagements: list[tuple[dt.date, str]] = field(default_factory=list)


STEM: Final = "{stem}"
"""Placeholder for the stem in a name template."""


def _name_parts(sector: _Sector, country: _Country, size: str, rng: Random) -> tuple[str, str, str]:
    """(base name template, legal form, legal prefix) for a company.

    The template holds :data:`STEM` where the stem goes, e.g. "{stem} Energy".
    """
    local = _LOCAL_WORDS.get(country.language, {}).get(sector.slug)
    forms = country.large_forms if size == "large" else country.sme_forms
    form = rng.choice(forms)
    prefix = country.prefix
    for _ in range(20):
        word = rng.choice(local) if local and rng.random() < 0.5 else rng.choice(sector.words)
        pattern = _draw_str(_name_patterns(size, country.language in _PREFIX_WORD), rng)
        if pattern == "stem":
            base = STEM
        elif pattern == "stem word group":
            group = rng.choice([g for g in _GROUP_WORDS if g != word])
            base = f"{STEM} {word} {group}"
        elif pattern == "stem and partners":
            base = f"{STEM} & {rng.choice(_PARTNER_WORDS)}"
        elif pattern == "prefix stem word":
            base = f"{_PREFIX_WORD[country.language]} {STEM} {word}"
        else:
            base = f"{STEM} {word}"
        if country.code == "CN" and size == "large" and rng.random() < 0.5 and " " in base:
            base += " Group"
        if _name_length(base) > MAX_NAME:
            continue
        if pattern == "stem word, no form" and not prefix:
            return base, "", ""
        return base, form, prefix
    return STEM, form, prefix


@cache
def _name_patterns(size: str, has_prefix_word: bool) -> _Weighted:
    patterns = {
        "stem word": 50,
        "stem": 14,
        "stem word group": 15 if size == "large" else 5,
        "stem and partners": 7,
        "prefix stem word": 5 if has_prefix_word else 0,
        "stem word, no form": 9,
    }
    return _Weighted(list(patterns), list(patterns.values()))


def _name_length(template: str) -> int:
    """Length of the simple key of a name template filled with an 8-letter stem."""
    return len(_simple_key(template.replace(STEM, "stemword")))


def _fresh_stem(stems: _StemFactory, template: str, language: str, rng: Random) -> tuple[str, str]:
    """(ASCII stem, displayed stem) for a name template (see :class:`_StemFactory`)."""
    length = _name_length(template)
    while True:
        stem = stems.new(8 if length >= EIGHT_LETTER_NAME else None)
        if length < LONG_NAME or stems.claim(stem, _simple_key(template)):
            return stem, _display_stem(stem, language, rng)


def _fresh_name(stems: _StemFactory, template: str, language: str, rng: Random) -> str:
    """A name template filled with a new stem."""
    return template.replace(STEM, _fresh_stem(stems, template, language, rng)[1])


def _operation_countries(hq: str, size: str, rng: Random) -> list[str]:
    """Headquarters plus, for some SMEs, a neighbour or two; for large companies, 1-8 of
    the region's countries and the big markets."""
    neighbours, pool = _operation_pools(hq)
    if size == "sme":
        extra = rng.sample(neighbours, rng.choice((1, 1, 2))) if rng.random() < 0.3 else []
    else:
        extra = rng.sample(pool, min(rng.randint(1, 8), len(pool)))
    return sorted({hq, *extra})


@cache
def _operation_pools(hq: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    region = ref.COUNTRY_REGION[hq]
    neighbours = tuple(c for c in ref.REGION_COUNTRIES[region] if c != hq)
    markets = tuple(c for c in _GLOBAL_MARKETS if c != hq and c not in neighbours)
    return neighbours, neighbours + markets


_GLOBAL_MARKETS: Final = (
    "US", "GB", "DE", "FR", "CN", "IN", "BR", "ZA", "KE", "NG", "AE", "SG", "MX", "JP", "TR",
    "ID", "EG", "BD", "PK", "ET", "TZ", "GH", "VN", "PH", "CO", "PE", "RU",
)  # fmt: skip


def _website(stem: str, word: str, country: _Country, rng: Random) -> str:
    tld = "com" if rng.random() < 0.3 else country.tld
    label = stem
    if word and rng.random() < 0.3:
        label += "-" + _simple_key(word).replace(" ", "")
    scheme = "https://www." if rng.random() < 0.8 else "http://www."
    return f"{scheme}{label}.{tld}"


def _make_companies(n: int, seed: int, stems: _StemFactory) -> list[_Company]:
    rng = Random(f"{seed}/companies")
    width = max(6, len(str(n)))
    country_pick = _Weighted([c.code for c in _COUNTRIES], [c.weight for c in _COUNTRIES])
    sector_pick = _Weighted([s.slug for s in _SECTORS], [s.weight for s in _SECTORS])
    companies: list[_Company] = []
    leis: set[str] = set()
    for i in range(n):
        hq = _draw_str(country_pick, rng)
        country = _COUNTRY_BY_CODE[hq]
        sector = _SECTOR_BY_SLUG[_draw_str(sector_pick, rng)]
        size = "large" if rng.random() < (0.42 if hq in ref.HIGH_INCOME else 0.3) else "sme"
        template, form, prefix = _name_parts(sector, country, size, rng)
        stem_ascii, stem = _fresh_stem(stems, template, country.language, rng)
        base = template.replace(STEM, stem)
        comma = form in ("Inc.", "Ltd.", "LLC") and rng.random() < 0.2
        name = _with_form(base, form, prefix, comma)
        cell = ref.COUNTRY_NAMES[hq] if rng.random() < 0.05 else hq
        company = _Company(
            index=i,
            id=f"C{i + 1:0{width}d}",
            stem=stem,
            name=name,
            base=base,
            form=form,
            prefix=prefix,
            country=hq,
            country_cell=cell,
            countries=_operation_countries(hq, size, rng),
            sector=sector.slug,
            size=size,
            language=country.language,
        )
        if size == "large" and rng.random() < 0.4:
            lei = _lei(rng)
            while lei in leis:
                lei = _lei(rng)
            leis.add(lei)
            company.lei = lei
        if rng.random() < (0.95 if size == "large" else 0.8):
            after = base.split(stem, 1)[1].split()
            word = after[0] if after and after[0].isalpha() else ""
            company.website = _website(stem_ascii, word, country, rng)
        _assign_gc(company, rng)
        _assign_aliases(company, stems, sector, country, rng)
        weight = 3.0 if size == "large" else 1.0
        if hq not in ref.HIGH_INCOME:
            weight *= 1.3
        if sector.slug in SENSITIVE_SECTORS:
            weight *= 0.1
        if company.gc_status == "expelled":
            weight *= 0.5
        company.weight = weight
        companies.append(company)
    _assign_gc_ids(companies, rng)
    return companies


def _assign_gc(company: _Company, rng: Random) -> None:
    """Global Compact participation (report §44: non-communicating, then expelled)."""
    if company.sector in SENSITIVE_SECTORS:
        chance = 0.1
    else:
        chance = 0.55 if company.size == "large" else 0.3
    if rng.random() >= chance:
        return
    roll = rng.random()
    if roll < 0.025:
        company.gc_status = "expelled"
        company.gc_joined = _day(rng, dt.date(2000, 7, 26), dt.date(2010, 6, 30))
    elif roll < 0.125:
        company.gc_status = "non-communicating"
        company.gc_joined = _day(rng, dt.date(2002, 1, 1), dt.date(2012, 3, 31))
    else:
        company.gc_status = "active"
        company.gc_joined = _recent_day(rng, dt.date(2000, 7, 26), TODAY)


def _assign_gc_ids(companies: list[_Company], rng: Random) -> None:
    """Participant ids grow with the joining date, as in the Global Compact's register."""
    joined = sorted((c.gc_joined, c.index) for c in companies if c.gc_joined is not None)
    next_id = 1000 + rng.randint(0, 500)
    for _, index in joined:
        next_id += rng.randint(1, 6)
        companies[index].gc_id = str(next_id)


def _assign_aliases(
    company: _Company, stems: _StemFactory, sector: _Sector, country: _Country, rng: Random
) -> None:
    if rng.random() >= 0.15:
        return
    kind = rng.random()
    if kind < 0.5 and company.base != company.stem:
        company.aliases.append(company.stem)  # the brand
    elif kind < 0.75:
        company.aliases.append(f"{company.stem} Group")
    else:  # a former name
        template = f"{STEM} {rng.choice(sector.words)}"
        form = rng.choice(country.large_forms + country.sme_forms)
        company.aliases.append(
            _with_form(_fresh_name(stems, template, country.language, rng), form)
        )


# ======================================================================================
# Name variants: the same company as another agency wrote it
# ======================================================================================

_PUNCT: Final = str.maketrans("", "", ".,()'")


def _name_variant(company: _Company, rng: Random, ops: Sequence[str] | None = None) -> str:
    """The company's name spelled differently, but equal to it once normalised."""
    possible = ["upper", "strip_punct"]
    if company.form:
        possible.append("drop_form")
        if company.form in _ALT_FORMS:
            possible += ["alt_form", "alt_form"]
    if not company.prefix and not company.base.startswith(("Grupo", "Groupe")):
        possible.append("add_the")
    if " & " in company.base:
        possible += ["amp", "amp"]
    if not company.name.isascii():
        possible += ["strip_accents", "strip_accents"]
    if ops is None:
        count = 1 if rng.random() < 0.7 else 2
        chosen: set[str] = set()
        while len(chosen) < count:
            chosen.add(rng.choice(possible))
        ops = [op for op in possible if op in chosen]
    base, form, prefix = company.base, company.form, company.prefix
    if "drop_form" in ops:
        form = ""
    elif "alt_form" in ops and form in _ALT_FORMS:
        form = rng.choice(_ALT_FORMS[form])
    if "amp" in ops:
        base = base.replace(" & ", " and ")
    text = _with_form(base, form, prefix)
    if "add_the" in ops:
        text = "The " + text
    if "strip_punct" in ops:
        text = " ".join(text.translate(_PUNCT).split())
    if "strip_accents" in ops:
        text = _ascii(text)
    if "upper" in ops:
        text = text.upper()
    if text == company.name:
        text = company.name.upper() if company.name.upper() != company.name else "The " + text
    return text


def _company_cell(company: _Company, rng: Random) -> str:
    return _name_variant(company, rng) if rng.random() < VARIANT_SHARE else company.id


# ======================================================================================
# Agencies' reach and preferences
# ======================================================================================

_NETWORK_COUNTRIES: Final = tuple(sorted({n.country for n in ref.LOCAL_NETWORKS}))
_FIELD_COUNTRIES: Final = tuple(sorted(c for c in ref.COUNTRY_REGION if c not in ref.HIGH_INCOME))

# Where an agency can run a local partnership (Global Compact: where it has a network;
# DESA and the Executive Office: wherever their programmes reach).
_REACH: Final[dict[str, frozenset[str]]] = {
    a.id: frozenset(
        _NETWORK_COUNTRIES
        if a.id == "UNGC"
        else (_FIELD_COUNTRIES + a.countries if a.id in ("DESA", "EOSG") else a.countries)
    )
    for a in ref.AGENCIES
}

# How much private-sector engagement each agency does (partnerships, approaches).
_AGENCY_ACTIVITY: Final[dict[str, float]] = {
    "UNICEF": 16,
    "UNDP": 14,
    "WFP": 10,
    "UNHCR": 9,
    "WHO": 9,
    "FAO": 6,
    "UNIDO": 6,
    "UNGC": 5,
    "ITU": 4,
    "UNAIDS": 4,
    "IFAD": 3,
    "OCHA": 3,
    "OHCHR": 2,
    "EOSG": 2,
    "DESA": 1,
}


def _agency_pickers() -> dict[str, _Weighted]:
    """Per sector: agencies weighted by activity, tripled where their themes meet."""
    pickers = {}
    for sector in _SECTORS:
        weights = []
        for agency in ref.AGENCIES:
            w = _AGENCY_ACTIVITY[agency.id]
            if set(agency.themes) & set(sector.themes):
                w *= 3
            weights.append(w)
        pickers[sector.slug] = _Weighted([a.id for a in ref.AGENCIES], weights)
    return pickers


def _theme_for(agency_id: str, sector: str, rng: Random) -> str:
    agency_themes = ref.AGENCIES_BY_ID[agency_id].themes
    shared = [t for t in _SECTOR_BY_SLUG[sector].themes if t in agency_themes]
    if shared and rng.random() < 0.8:
        return rng.choice(shared)
    return rng.choice(agency_themes)


def _local_country(company: _Company, agency_id: str, rng: Random) -> str:
    """One country where the company operates and the agency works, or a near one."""
    reach = _REACH[agency_id]
    both = [c for c in company.countries if c in reach]
    if both:
        developing = [c for c in both if c not in ref.HIGH_INCOME]
        return rng.choice(developing if developing and rng.random() < 0.8 else both)
    region = ref.COUNTRY_REGION[company.country]
    near = sorted(c for c in reach if ref.COUNTRY_REGION.get(c) == region)
    if near:
        return rng.choice(near)
    return rng.choice(sorted(reach)) if reach else company.country


_AGENCY_THEMES: Final = {a.id: frozenset(a.themes) for a in ref.AGENCIES}


def _other_agencies(
    taken: Sequence[str], theme: str, country: str | None, count: int, rng: Random
) -> list[str]:
    """Up to ``count`` more agencies, preferring those on the theme and in the country."""
    present = [
        a for a in _AGENCY_THEMES if a not in taken and (country is None or country in _REACH[a])
    ]
    pool = [a for a in present if theme in _AGENCY_THEMES[a]]
    if len(pool) < count:
        pool += [a for a in present if a not in pool]
    chosen: list[str] = []
    while pool and len(chosen) < count:
        x = rng.random() * sum(_AGENCY_ACTIVITY[a] for a in pool)
        for i, agency in enumerate(pool):  # noqa: B007 - i is used after the loop
            x -= _AGENCY_ACTIVITY[agency]
            if x < 0:
                break
        chosen.append(pool.pop(i))
    return chosen


# ======================================================================================
# Partnerships
# ======================================================================================

# Titles by theme; "AGENCY|AGENCY: title" is only used when one of those agencies takes part.
_PARTNERSHIP_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "water": (
        "Safe drinking water for rural communities",
        "Sanitation and hygiene promotion",
        "UNICEF|WHO: WASH in schools",
        "UNICEF|WHO|OCHA: Emergency water purification",
        "UNGC|FAO: Water stewardship in agricultural supply chains",
    ),
    "climate": (
        "Low-carbon supply chain programme",
        "Disaster risk reduction and early warning",
        "IFAD|WFP|FAO|UNDP: Weather index insurance for farmers",
        "FAO|IFAD|UNDP: Climate-resilient agriculture for smallholders",
    ),
    "energy": (
        "Off-grid solar mini-grids",
        "Energy efficiency in small and medium enterprises",
        "UNHCR: Solar lanterns and cookstoves for refugee households",
        "WHO|UNICEF|UNDP|EOSG: Solar lighting for rural health clinics",
        "UNDP|EOSG|UNIDO: Clean cookstoves for households",
    ),
    "health": (
        "Maternal and newborn health outreach",
        "WHO|UNICEF|ITU|EOSG: Mobile health messaging for mothers",
        "UNICEF|WHO|UNDP: Malaria prevention and bednet distribution",
        "UNICEF|WHO: Immunization cold chain strengthening",
        "UNAIDS|WHO|UNDP: HIV prevention in the workplace",
        "ITU|WHO: Mobile health services for non-communicable diseases",
    ),
    "education": (
        "Youth vocational skills and apprenticeships",
        "Girls' secondary education scholarships",
        "UNICEF|EOSG|UNHCR: Teacher training and school materials",
        "UNICEF|ITU|EOSG: Digital learning in primary schools",
        "UNHCR: Secondary education for refugee children",
        "ITU: ICT skills for young people",
    ),
    "gender": (
        "Women's economic empowerment through microenterprise",
        "Women-owned suppliers in the value chain",
        "Gender equality in the workplace",
        "UNAIDS: Preventing HIV among young women",
    ),
    "children": (
        "Support for vulnerable children and families",
        "UNICEF|UNGC|UNDP: Child protection in the tourism sector",
        "UNICEF|ITU: Birth registration via mobile phones",
        "UNICEF|WHO|WFP: Early childhood development and nutrition",
        "UNICEF|UNGC|OHCHR: Eliminating child labour in supply chains",
    ),
    "human-rights": (
        "Business and human rights training",
        "UNGC|OHCHR|UNDP: Human rights due diligence in supply chains",
        "OHCHR|UNDP|UNGC: Rights of indigenous peoples in extractive projects",
        "UNHCR: Protection and legal aid for refugees",
        "UNAIDS: Ending HIV-related stigma and discrimination at work",
    ),
    "anti-corruption": (
        "Collective action against corruption in public procurement",
        "Integrity training for small and medium enterprises",
        "Anti-corruption compliance for suppliers",
    ),
    "food": (
        "Post-harvest loss reduction",
        "Nutrition for children under five",
        "WFP: Fortified food for school feeding",
        "WFP: Food assistance supply chain support",
        "FAO|IFAD|WFP|UNDP: Market access for smallholder farmers",
    ),
    "humanitarian": (
        "Emergency logistics and supply pre-positioning",
        "Cash transfers in emergencies",
        "UNHCR: Shelter and core relief items for refugees",
        "WFP|ITU|OCHA|UNHCR: Emergency telecommunications",
        "OCHA|EOSG: Humanitarian information and mapping",
    ),
    "innovation": (
        "Innovation lab for youth-led solutions",
        "Mobile money for social transfers",
        "EOSG|OCHA|UNDP: Real-time data for crisis monitoring",
        "UNHCR: Technology for refugee registration",
        "UNIDO|UNDP: Clean technology innovation for small enterprises",
    ),
    "finance": (
        "Inclusive finance for rural households",
        "Impact investment fund for small enterprises",
        "Microinsurance for smallholder farmers",
        "Lower remittance costs for migrant families",
    ),
    "labour": (
        "Decent work and supplier development",
        "Occupational health and safety for suppliers",
        "Youth employment and skills",
        "UNIDO: Supplier development for small manufacturers",
    ),
    "environment": (
        "Sustainable forestry and biodiversity",
        "Waste management and recycling",
        "UNIDO|UNDP: Cleaner production in industry",
        "UNIDO|UNDP|UNGC: Sound chemicals management",
    ),
    "peace": (
        "Business for peace dialogue",
        "Economic recovery in post-conflict areas",
        "Responsible business in conflict-affected areas",
    ),
}


def _title(theme: str, agencies: Sequence[str], rng: Random) -> str:
    """A partnership title for the theme that fits the agencies taking part."""
    return rng.choice(_titles(theme, tuple(agencies)))


@cache
def _titles(theme: str, agencies: tuple[str, ...]) -> tuple[str, ...]:
    fitting = []
    for template in _PARTNERSHIP_TITLES[theme]:
        owners, _, title = template.rpartition(": ")
        if not owners or set(owners.split("|")) & set(agencies):
            fitting.append(title)
    return tuple(fitting or [t.rpartition(": ")[2] for t in _PARTNERSHIP_TITLES[theme]])


@cache
def _partnership_types(sector: str) -> tuple[tuple[str, float], ...]:
    factors = dict(_SECTOR_BY_SLUG[sector].partnership_types)
    return tuple((t, w * factors.get(t, 1.0)) for t, w in _PARTNERSHIP_TYPES)


_PARTNERSHIP_TYPES: Final = (
    ("philanthropy", 30.0),
    ("core-business", 22.0),
    ("in-kind", 18.0),
    ("advocacy", 10.0),
    ("innovative-finance", 6.0),
    ("other", 6.0),
)


_REGION_PHRASE: Final = {
    "Europe": "Europe",
    "Americas": "the Americas",
    "Asia/Oceania": "Asia and the Pacific",
    "Africa": "Africa",
    "Middle East": "the Middle East and North Africa",
}


def _where(countries: Sequence[str]) -> str:
    if not countries:
        return "worldwide"
    if len(countries) == 1:
        return "in " + ref.COUNTRY_NAMES[countries[0]]
    regions = {ref.COUNTRY_REGION.get(c, "") for c in countries}
    if len(regions) == 1 and "" not in regions:
        return f"in {len(countries)} countries of {_REGION_PHRASE[regions.pop()]}"
    return f"in {len(countries)} countries"


def _partnership_dates(
    rng: Random, status: str, earliest: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    if status == "proposed":
        start = _day(rng, TODAY + dt.timedelta(days=15), dt.date(2014, 6, 30))
        end = start + dt.timedelta(days=rng.randint(365, 3 * 365)) if rng.random() < 0.5 else None
        return (start if rng.random() < 0.7 else None), end
    if status == "active":
        start = _recent_day(rng, max(earliest, dt.date(2009, 1, 1)), TODAY - dt.timedelta(days=7))
        if rng.random() < 0.6:
            low = max(TODAY + dt.timedelta(days=30), start + dt.timedelta(days=365))
            return start, _day(rng, low, low + dt.timedelta(days=3 * 365))
        return start, None
    # closed or failed: over by today
    start = _day(rng, max(earliest, dt.date(2006, 1, 1)), TODAY - dt.timedelta(days=120))
    longest = 60 if status == "failed" else 48
    end = start + dt.timedelta(days=rng.randint(90, longest * 30))
    return start, min(end, TODAY - dt.timedelta(days=rng.randint(1, 60)))


def _make_partnerships(
    companies: list[_Company], seed: int, company_pick: _Weighted | None
) -> Iterator[list[str]]:
    rng = Random(f"{seed}/partnerships")
    if company_pick is None:
        return
    pickers = _agency_pickers()
    by_country: dict[str, list[int]] = {}
    for c in companies:
        for code in c.countries:
            by_country.setdefault(code, []).append(c.index)
    total = round(0.6 * len(companies))
    width = max(6, len(str(total)))
    for number in range(1, total + 1):
        company = companies[_draw_int(company_pick, rng)]
        first = _draw_str(pickers[company.sector], rng)
        theme = _theme_for(first, company.sector, rng)
        scope = rng.random()
        if scope < 0.89:  # local, one country (report §22)
            countries = [_local_country(company, first, rng)]
        elif scope < 0.97:  # multi-country, where the agency works
            reach = _REACH[first]
            region = ref.COUNTRY_REGION[company.country]
            pool = sorted(
                c for c in reach if c in company.countries or ref.COUNTRY_REGION.get(c) == region
            )
            if len(pool) < 2:
                pool = sorted(reach)
            countries = sorted(rng.sample(pool, min(len(pool), rng.randint(2, 6))))
        else:  # global
            countries = []
        n_agencies = _choose(rng, (("1", 70), ("2", 25), ("3", 5)))
        only = countries[0] if len(countries) == 1 else None
        agencies = [first, *_other_agencies([first], theme, only, int(n_agencies) - 1, rng)]
        initiative = None
        if rng.random() < 0.35:
            fitting = [
                i for i in ref.INITIATIVES if set(i.conveners) & set(agencies) and theme in i.themes
            ]
            if fitting:
                initiative = rng.choice(fitting)
        themes = [theme]
        if rng.random() < 0.4:
            extra_themes = set(ref.AGENCIES_BY_ID[first].themes) & set(
                _SECTOR_BY_SLUG[company.sector].themes
            )
            if initiative is not None:
                extra_themes |= set(initiative.themes)
            extra_themes.discard(theme)
            if extra_themes:
                themes.append(rng.choice(sorted(extra_themes)))
        kind = _choose(rng, _partnership_types(company.sector))
        status = _choose(rng, (("active", 55), ("closed", 25), ("proposed", 12), ("failed", 8)))
        earliest = dt.date(initiative.launched, 1, 1) if initiative else dt.date(2006, 1, 1)
        start, end = _partnership_dates(rng, status, earliest)
        value = ""
        if kind in ("philanthropy", "innovative-finance") or (
            kind == "in-kind" and rng.random() < 0.4
        ):
            median = {"philanthropy": 150_000, "innovative-finance": 1_500_000}.get(kind, 80_000)
            value = str(_money(rng, median, 5_000, 25_000_000))
        members = [company.index]
        n_companies = _choose(rng, (("1", 85), ("2", 12), ("3", 3)))
        local_pool = by_country.get(countries[0], []) if countries else []
        for _ in range(int(n_companies) - 1):
            other = (
                rng.choice(local_pool)
                if local_pool and rng.random() < 0.8
                else _draw_int(company_pick, rng)
            )
            if other not in members:
                members.append(other)
        title = f"{_title(theme, agencies, rng)} {_where(countries)}"
        cells = [_company_cell(companies[m], rng) for m in members]
        yield (
            [
                f"P{number:0{width}d}",
                title,
                _join(agencies),
                _join(cells),
                initiative.id if initiative else "",
                _join(themes),
                _sdgs(themes),
                _join(countries),
                kind,
                status,
                _iso(start),
                _iso(end),
                value,
            ]
        )
        when = start or TODAY
        for m in members:
            for agency in agencies:
                companies[m].engagements.append((when, agency))


# ======================================================================================
# Approaches
# ======================================================================================

_ASKS: Final = (("funding", 45), ("in-kind", 20), ("expertise", 20), ("advocacy", 10), ("other", 5))


def _approach_status(rng: Random, day: dt.date) -> str:
    age = (TODAY - day).days
    if age < 0:
        return "planned"
    if age <= 60:
        return _choose(rng, (("planned", 40), ("in-progress", 55), ("declined", 5)))
    if age <= 270:
        return _choose(
            rng, (("in-progress", 50), ("declined", 20), ("converted", 25), ("planned", 5))
        )
    return _choose(rng, (("declined", 45), ("converted", 40), ("in-progress", 15)))


def _approach_amount(rng: Random, ask: str) -> str:
    if ask == "funding":
        return str(_money(rng, 250_000, 20_000, 5_000_000, step=5_000))
    if ask == "in-kind" and rng.random() < 0.4:
        return str(_money(rng, 50_000, 5_000, 1_000_000))
    return ""


def _make_approaches(
    companies: list[_Company], seed: int, company_pick: _Weighted | None
) -> Iterator[list[str]]:
    rng = Random(f"{seed}/approaches")
    if company_pick is None:
        return
    pickers = _agency_pickers()
    raw: list[tuple[dt.date, int, str, str, str, str]] = []  # date, company, agency, ...

    # Companies courted by several agencies at once (report §37).
    hot_target = max(1, round(0.05 * len(companies)))
    hot: list[int] = []
    seen: set[int] = set()
    tries = 0
    while len(hot) < hot_target and tries < hot_target * 50:
        tries += 1
        index = _draw_int(company_pick, rng)
        if index not in seen:
            seen.add(index)
            hot.append(index)
    for index in hot:
        company = companies[index]
        lead = _draw_str(pickers[company.sector], rng)
        theme = _theme_for(lead, company.sector, rng)
        country = _local_country(company, lead, rng)
        count = int(_choose(rng, (("2", 55), ("3", 35), ("4", 10))))
        agencies = [lead, *_other_agencies([lead], theme, country, count - 1, rng)]
        if len(agencies) < count:
            agencies += _other_agencies(agencies, theme, None, count - len(agencies), rng)
        base = _recent_day(rng, dt.date(2011, 1, 1), TODAY - dt.timedelta(days=20))
        funding_heavy = rng.random() < 0.7
        for k, agency in enumerate(agencies):
            day = base + dt.timedelta(days=0 if k == 0 else rng.randint(3, 75))
            day = min(day, TODAY + dt.timedelta(days=45))
            a_theme = theme if rng.random() < 0.8 else _theme_for(agency, company.sector, rng)
            a_country = country if rng.random() < 0.8 else _local_country(company, agency, rng)
            ask = "funding" if funding_heavy and rng.random() < 0.85 else _choose(rng, _ASKS)
            raw.append((day, index, agency, a_theme, a_country, ask))

    # Everyone else: ordinary outreach, scattered over the years.
    total = max(len(raw), round(0.8 * len(companies)))
    while len(raw) < total:
        index = _draw_int(company_pick, rng)
        company = companies[index]
        agency = _draw_str(pickers[company.sector], rng)
        day = _recent_day(rng, dt.date(2009, 1, 1), TODAY + dt.timedelta(days=30))
        theme = _theme_for(agency, company.sector, rng)
        country = _local_country(company, agency, rng) if rng.random() < 0.9 else ""
        raw.append((day, index, agency, theme, country, _choose(rng, _ASKS)))

    raw.sort(key=lambda r: (r[0], r[1], r[2]))
    width = max(6, len(str(len(raw))))
    for number, (day, index, agency, theme, country, ask) in enumerate(raw, start=1):
        company = companies[index]
        company.engagements.append((day, agency))
        yield (
            [
                f"AP{number:0{width}d}",
                agency,
                _company_cell(company, rng),
                day.isoformat(),
                theme,
                country,
                ask,
                _approach_amount(rng, ask),
                _approach_status(rng, day),
            ]
        )


# ======================================================================================
# Commitments
# ======================================================================================

_COMMITMENTS: Final[dict[str, tuple[str, ...]]] = {
    "EWEC": (
        "Train {n} community health workers in {country} by 2015",
        "Provide free SMS health information to {n} pregnant women and new mothers in {country}",
        "Supply {n} clean delivery kits to health facilities in {country}",
        "Extend paid maternity leave and breastfeeding support to all employees by 2015",
    ),
    "SE4ALL": (
        "Bring solar lighting to {n} off-grid households in {country} by 2015",
        "Install {mw} MW of renewable generation capacity in {country} by 2020",
        "Distribute {n} clean cookstoves in {country} by 2016",
        "Cut the energy intensity of own operations by {pct}% by 2020 against 2010",
    ),
    "EDU-FIRST": (
        "Equip {k} schools in {country} with digital learning materials",
        "Fund secondary-school scholarships for {s} girls in {country}",
        "Train {n} teachers in {country} in ICT skills by 2015",
    ),
    "CEO-WATER": (
        "Endorse the CEO Water Mandate and report on water stewardship annually",
        "Reduce water use per unit of production by {pct}% by 2015",
        "Assess water risk at all production sites in water-stressed basins by 2014",
    ),
    "C4C": (
        "Sign the Caring for Climate statement and disclose emissions annually",
        "Reduce greenhouse-gas emissions by {pct}% by 2020 against a 2010 baseline",
        "Source {pct}% of electricity from renewable sources by 2020",
    ),
    "WEP": (
        "Sign the CEO Statement of Support for the Women's Empowerment Principles",
        "Raise the share of women in management to {pct}% by 2015",
        "Source {pct}% of supplies from women-owned enterprises in {country}",
    ),
    "CRBP": (
        "Integrate children's rights into the supplier code of conduct",
        "Audit suppliers in {country} for child labour every year",
        "Provide paid parental leave and childcare support to employees in {country}",
    ),
    "GC-LEAD": (
        "Join Global Compact LEAD and implement the Blueprint for Corporate Sustainability "
        "Leadership",
        "Report annually against the Blueprint for Corporate Sustainability Leadership",
    ),
    "MHEALTH": (
        "Deliver mobile health messages on non-communicable diseases to {n} subscribers in "
        "{country}",
        "Provide free SMS short codes for health campaigns in {country}",
    ),
    "UNIDO-SSD": (
        "Upgrade {k} local suppliers in {country} to international standards",
        "Mentor {k} small suppliers in {country} on cleaner production",
    ),
    "IICPSD": (
        "Share an inclusive business case study with the Istanbul Center",
        "Pilot an inclusive business model reaching {n} low-income customers in {country}",
    ),
    "UNHCR-INNOVATION": (
        "Co-design solar lighting for refugee camps in {country}",
        "Second engineers to UNHCR Innovation for {m} months",
    ),
    "UNICEF-INNOVATION": (
        "Support the UNICEF Innovation Lab in {country} with engineering expertise",
        "Fund open-source SMS tools for birth registration in {country}",
    ),
}

_COMMITMENT_WEIGHTS: Final = {
    "SE4ALL": 20,
    "EWEC": 18,
    "C4C": 16,
    "WEP": 14,
    "CEO-WATER": 12,
    "CRBP": 6,
    "EDU-FIRST": 6,
    "GC-LEAD": 3,
    "MHEALTH": 2,
    "UNIDO-SSD": 1,
    "IICPSD": 1,
    "UNHCR-INNOVATION": 1,
    "UNICEF-INNOVATION": 1,
}


def _make_commitments(
    companies: list[_Company],
    seed: int,
    company_pick: _Weighted | None,
    partners_of: dict[str, list[int]],
) -> Iterator[list[str]]:
    rng = Random(f"{seed}/commitments")
    if company_pick is None:
        return
    initiative_pick = _Weighted(list(_COMMITMENT_WEIGHTS), list(_COMMITMENT_WEIGHTS.values()))
    participants = [c.index for c in companies if c.gc_status in ("active", "non-communicating")]
    # Companies already partnering with an initiative's conveners, per initiative.
    convener_partners = {
        i.id: sorted({c for a in i.conveners for c in partners_of.get(a, ())})
        for i in ref.INITIATIVES
    }
    total = max(5, round(0.12 * len(companies)))
    width = max(6, len(str(total)))
    taken: set[tuple[int, str]] = set()
    tries = 0
    made = 0
    while made < total and tries < total * 20:
        tries += 1
        initiative = ref.INITIATIVES_BY_ID[_draw_str(initiative_pick, rng)]
        if initiative.kind == "gc-platform" and participants:
            index = rng.choice(participants)
        else:
            pool = convener_partners[initiative.id]
            index = (
                rng.choice(pool) if pool and rng.random() < 0.5 else _draw_int(company_pick, rng)
            )
        if (index, initiative.id) in taken:
            continue
        taken.add((index, initiative.id))
        company = companies[index]
        low = initiative.launched
        if initiative.kind == "gc-platform" and company.gc_joined is not None:
            low = max(low, company.gc_joined.year)
        year = max(low, min(2013, int(rng.triangular(low, 2014, 2014))))
        developing = [c for c in company.countries if c not in ref.HIGH_INCOME]
        country = rng.choice(developing or company.countries)
        description = rng.choice(_COMMITMENTS[initiative.id]).format(
            n=f"{rng.choice((5, 10, 20, 25, 50, 100, 250)) * 1000:,}",
            k=rng.choice((10, 20, 25, 40, 50, 100, 150, 200)),
            mw=rng.choice((5, 10, 20, 50, 100, 150)),
            pct=rng.choice((10, 15, 20, 25, 30, 40, 50)),
            m=rng.choice((3, 6, 12)),
            s=rng.choice(("200", "500", "1,000", "2,000", "5,000")),
            country=ref.COUNTRY_NAMES[country],
        )
        yield (
            [
                f"CM{made + 1:0{width}d}",
                _company_cell(company, rng),
                initiative.id,
                str(year),
                description,
            ]
        )
        made += 1


# ======================================================================================
# Memberships and screenings
# ======================================================================================

_NETWORK_YEAR: Final = {n.id: n.established for n in ref.LOCAL_NETWORKS}


def _make_memberships(companies: list[_Company], seed: int) -> Iterator[list[str]]:
    rng = Random(f"{seed}/memberships")
    for company in companies:
        if company.gc_status not in ("active", "non-communicating") or company.gc_joined is None:
            continue
        network = ref.network_for_country(company.country)
        if network is None or rng.random() >= 0.7:
            continue
        opened = dt.date(_NETWORK_YEAR[network], 1, 1)
        since = max(company.gc_joined, opened) + dt.timedelta(days=rng.randint(0, 400))
        yield ([company.id, network, min(since, TODAY).isoformat()])


_PROVIDERS: Final = (
    ("in-house", 40.0),
    ("Meridian Integrity Partners", 35.0),  # the shared provider of Box 3
    ("Sentinel ESG Research", 15.0),
    ("Halcyon Risk Advisory", 10.0),
)

_FLAG_NOTES: Final[dict[str, str]] = {
    "human-rights-allegation": "Allegations of human rights abuses in operations",
    "labour-rights": "Reports of labour-rights violations at supplier sites",
    "environmental-incident": "Environmental incident under investigation",
    "corruption-allegation": "Corruption allegations in public procurement",
    "adverse-media": "Adverse media coverage in the past two years",
    "sanctions-proximity": "Business links to a sanctioned jurisdiction",
    "sensitive-sector": "Sensitive sector: grey area under the 2009 Guidelines",
    "gc-non-communicating": "Non-communicating Global Compact participant",
    "gc-expelled": "Expelled from the Global Compact for failure to communicate progress",
}
_ORDINARY_FLAGS: Final = (
    "human-rights-allegation",
    "labour-rights",
    "environmental-incident",
    "corruption-allegation",
    "adverse-media",
    "sanctions-proximity",
)


def _screening_outcome(company: _Company, rng: Random) -> tuple[str, list[str]]:
    flags: list[str] = []
    if company.sector in SENSITIVE_SECTORS:
        flags.append("sensitive-sector")
    if company.gc_status == "expelled":
        flags.append("gc-expelled")
    elif company.gc_status == "non-communicating" and rng.random() < 0.5:
        flags.append("gc-non-communicating")
    if rng.random() < 0.08:
        flags.append(rng.choice(_ORDINARY_FLAGS))
    if not flags:
        return (
            ("rejected", [rng.choice(_ORDINARY_FLAGS)])
            if rng.random() < 0.006
            else (
                "cleared",
                [],
            )
        )
    rejected = 0.25 if "sensitive-sector" in flags else 0.05
    return ("rejected" if rng.random() < rejected else "flagged"), flags


def _make_screenings(companies: list[_Company], seed: int) -> Iterator[list[str]]:
    rng = Random(f"{seed}/screenings")
    provider_weights = _PROVIDERS
    made = 0
    width = max(6, len(str(len(companies))))
    for company in companies:
        engaged = bool(company.engagements)
        if rng.random() >= (0.75 if engaged else 0.3):
            continue
        if engaged:
            first_day, first_agency = min(company.engagements)
            # Due diligence comes before the engagement, within the years the data covers.
            day = first_day - dt.timedelta(days=rng.randint(0, 120))
            if day < dt.date(2008, 1, 1):
                day = _day(rng, dt.date(2008, 1, 1), dt.date(2009, 6, 30))
            elif day > TODAY:
                day = _day(rng, TODAY - dt.timedelta(days=60), TODAY)
            agency = first_agency if rng.random() < 0.7 else rng.choice(("UNGC", "UNDP", "UNICEF"))
        else:
            day = _recent_day(rng, dt.date(2009, 1, 1), TODAY)
            agency = rng.choice(("UNICEF", "UNDP", "UNGC", "WFP", "UNHCR", "WHO"))
        outcome, flags = _screening_outcome(company, rng)
        dates = [day]
        if (TODAY - day).days > 400 and rng.random() < 0.3:  # annual re-screening (§43)
            dates.append(day + dt.timedelta(days=rng.randint(365, 400)))
        for k, when in enumerate(dates):
            if k:
                outcome, flags = _screening_outcome(company, rng)
            provider = (
                "in-house"
                if agency == "UNGC" and rng.random() < 0.5
                else _choose(rng, provider_weights)
            )
            if outcome == "rejected":
                notes = "Not eligible under the UN-business cooperation guidelines (2009)"
            elif outcome == "flagged":
                notes = _FLAG_NOTES[flags[0]] + "; mitigation measures agreed"
            else:
                notes = "" if rng.random() < 0.7 else "No adverse findings"
            yield (
                [
                    f"S{made + 1:0{width}d}",
                    _company_cell(company, rng),
                    agency,
                    when.isoformat(),
                    provider,
                    outcome,
                    _join(flags),
                    notes,
                ]
            )
            made += 1


# ======================================================================================
# Needs on the partner hub
# ======================================================================================

# (agencies that post it, title, themes, resources) of partnership needs on the hub.
_NEEDS: Final[tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("UNICEF|WHO", "Partner for WASH in schools", ("water", "education", "children"),
     ("funding", "expertise")),
    ("UNICEF|WHO|OCHA|UNHCR", "Water purification units for emergency response",
     ("water", "humanitarian"), ("in-kind", "technology")),
    ("FAO|IFAD|WFP|UNDP", "Weather index insurance expertise for smallholders",
     ("climate", "finance", "food"), ("expertise", "technology")),
    ("UNDP|FAO|IFAD|UNIDO|UNGC|EOSG", "Co-funding for climate-resilient livelihoods",
     ("climate",), ("funding",)),
    ("UNDP|EOSG|WHO|UNICEF|UNHCR", "Solar power for health centres", ("energy", "health"),
     ("technology", "funding")),
    ("UNDP|EOSG|UNHCR|UNIDO|WFP", "Distribution partner for clean cookstoves",
     ("energy", "environment"), ("logistics", "in-kind")),
    ("UNIDO|UNDP|DESA", "Energy-efficiency audits for small manufacturers", ("energy", "climate"),
     ("expertise", "technology")),
    ("UNICEF|WHO", "Cold-chain logistics for vaccines", ("health", "children"),
     ("logistics", "technology")),
    ("WHO|UNICEF|ITU|EOSG", "Mobile messaging platform for maternal health",
     ("health", "innovation"), ("technology", "expertise")),
    ("UNAIDS|WHO", "Co-funding for HIV prevention in the workplace", ("health", "labour"),
     ("funding", "advocacy")),
    ("UNICEF|UNHCR|ITU|EOSG", "Digital learning content and devices for schools",
     ("education", "innovation"), ("technology", "in-kind")),
    ("UNICEF|UNHCR|EOSG", "Scholarships for girls' secondary education", ("education", "gender"),
     ("funding",)),
    ("UNDP|IFAD|UNGC|OHCHR|UNAIDS", "Mentoring network for women entrepreneurs", ("gender",),
     ("expertise", "advocacy")),
    ("UNDP|IFAD", "Financing for women-owned small businesses", ("gender", "finance"),
     ("funding",)),
    ("UNICEF|UNGC", "Child protection campaign with the tourism industry", ("children",),
     ("advocacy", "expertise")),
    ("UNICEF|ITU", "Mobile birth registration pilot", ("children", "innovation"),
     ("technology",)),
    ("OHCHR|UNGC|UNDP", "Human rights due-diligence training for businesses", ("human-rights",),
     ("expertise", "advocacy")),
    ("UNHCR", "Pro-bono legal aid for refugees", ("human-rights", "humanitarian"),
     ("expertise",)),
    ("UNDP|UNGC", "Collective action partners against corruption", ("anti-corruption",),
     ("advocacy", "expertise")),
    ("WFP", "Fortified food supplier for school meals", ("food", "children"),
     ("in-kind", "logistics")),
    ("FAO|IFAD|WFP", "Market access for smallholder farmers", ("food",), ("expertise", "funding")),
    ("WFP|UNHCR|UNICEF|OCHA", "Logistics and warehousing for emergency response",
     ("humanitarian",), ("logistics", "in-kind")),
    ("WFP|ITU|OCHA|UNHCR|EOSG", "Emergency telecommunications support",
     ("humanitarian", "innovation"), ("technology", "in-kind")),
    ("EOSG|OCHA|UNDP|DESA", "Anonymised mobile data for crisis monitoring",
     ("innovation", "humanitarian"), ("technology", "expertise")),
    ("UNICEF|UNHCR|UNDP|UNIDO|ITU", "Pro-bono engineers for the innovation lab", ("innovation",),
     ("expertise",)),
    ("WFP|UNHCR|UNDP|IFAD|UNICEF", "Mobile money platform for cash transfers",
     ("finance", "innovation"), ("technology", "expertise")),
    ("UNDP|IFAD|DESA", "Impact investors for small enterprises", ("finance",), ("funding",)),
    ("UNIDO|UNGC|UNDP", "Youth apprenticeship placements", ("labour", "education"),
     ("in-kind", "expertise")),
    ("UNIDO|UNGC|OHCHR", "Supplier development for decent work", ("labour",), ("expertise",)),
    ("UNIDO|UNDP|DESA", "Cleaner production technology for manufacturers", ("environment",),
     ("technology", "expertise")),
    ("UNDP|UNIDO|UNGC|FAO", "E-waste recycling partner", ("environment",),
     ("in-kind", "logistics")),
    ("UNDP|UNGC|OHCHR", "Business partners for peace dialogue", ("peace",), ("advocacy",)),
    ("OCHA|WFP|UNICEF|UNHCR", "Relief supplies and funding for the emergency response",
     ("humanitarian",), ("in-kind", "funding")),
)  # fmt: skip


# Who posts needs on the hub (the Global Compact Office runs it; OCHA and ITU post often).
_NEED_ACTIVITY: Final = {**_AGENCY_ACTIVITY, "UNGC": 3.0, "OCHA": 4.0, "ITU": 4.0}


def _make_needs(seed: int, total: int) -> Iterator[list[str]]:
    rng = Random(f"{seed}/needs")
    agency_pick = _Weighted(list(_NEED_ACTIVITY), list(_NEED_ACTIVITY.values()))
    width = max(5, len(str(total)))
    for number in range(1, total + 1):
        agency = ref.AGENCIES_BY_ID[_draw_str(agency_pick, rng)]
        _, title, themes, resources = rng.choice(
            [n for n in _NEEDS if agency.id in n[0].split("|")]
        )
        field_countries = sorted(c for c in _REACH[agency.id] if c not in ref.HIGH_INCOME)
        scope = rng.random()
        if scope < 0.8 and field_countries:
            countries = [rng.choice(field_countries)]
        elif scope < 0.95 and len(field_countries) >= 3:
            countries = sorted(rng.sample(field_countries, rng.randint(2, 3)))
        else:
            countries = []
        status = "open" if rng.random() < 0.8 else "closed"
        if status == "open":
            deadline = _day(rng, TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=300))
        else:
            deadline = _day(rng, TODAY - dt.timedelta(days=500), TODAY - dt.timedelta(days=30))
        yield (
            [
                f"N{number:0{width}d}",
                agency.id,
                f"{title} {_where(countries)}",
                _join(themes),
                _sdgs(themes),
                _join(countries),
                _join(resources),
                str(_money(rng, 300_000, 25_000, 3_000_000, step=5_000))
                if "funding" in resources or rng.random() < 0.5
                else "",
                deadline.isoformat(),
                status,
            ]
        )


# ======================================================================================
# Screening-list entries
# ======================================================================================

_UN_SC_REGIMES: Final = (
    ("KP", "Security Council resolution 1718 (2006): Democratic People's Republic of Korea", 2006),
    ("IR", "Security Council resolution 1737 (2006): Iran", 2007),
    ("SO", "Security Council resolution 1844 (2008): Somalia and Eritrea", 2009),
    ("LY", "Security Council resolution 1970 (2011): Libya", 2011),
    ("CD", "Security Council resolution 1533 (2004): Democratic Republic of the Congo", 2005),
    ("SD", "Security Council resolution 1591 (2005): Sudan", 2006),
    ("IQ", "Security Council resolution 1518 (2003): Iraq", 2004),
    ("AF", "Security Council resolution 1988 (2011): Taliban", 2011),
)
_WORLD_BANK_GROUNDS: Final = (
    ("Fraudulent practice", 40.0),
    ("Corrupt practice", 15.0),
    ("Collusive practice", 12.0),
    ("Fraudulent and corrupt practices", 10.0),
    ("Obstructive practice", 3.0),
)
# Debarments by a regional bank that the World Bank applies too (2010 agreement).
_CROSS_DEBARMENTS: Final = {
    "Africa": "Cross-debarment: African Development Bank",
    "Asia/Oceania": "Cross-debarment: Asian Development Bank",
    "Americas": "Cross-debarment: Inter-American Development Bank",
    "Europe": "Cross-debarment: European Bank for Reconstruction and Development",
}


def _debarment_ground(country: str, start: dt.date, rng: Random) -> str:
    regional = _CROSS_DEBARMENTS.get(ref.COUNTRY_REGION.get(country, ""))
    if regional and start >= dt.date(2010, 6, 1) and rng.random() < 0.2:
        return regional
    return _choose(rng, _WORLD_BANK_GROUNDS)


_UN_SC_WORDS: Final = (
    "Trading Company", "General Trading", "Shipping", "Import Export", "Industrial Group",
    "Technical Services",
)  # fmt: skip
_WORLD_BANK_WORDS: Final = (
    "Construction", "Engineering", "Consultants", "Contractors", "Supplies", "Builders",
)  # fmt: skip


@dataclass(frozen=True)
class _Exclusion:
    name: str
    aliases: str
    country: str
    list: str
    reason: str
    start: dt.date
    end: dt.date | None


def _make_exclusions(
    companies: list[_Company], seed: int, stems: _StemFactory, total: int
) -> list[list[str]]:
    rng = Random(f"{seed}/exclusions")
    entries: list[_Exclusion] = []
    # A few entries name real package companies (in other spellings): screening must catch
    # them. Companies already working with an agency are the interesting ones.
    engaged = [c.index for c in companies if c.engagements] or [c.index for c in companies]
    caught = sorted(rng.sample(engaged, min(len(engaged), max(3, round(total * 0.1)))))
    for k, index in enumerate(caught):
        company = companies[index]
        spelling = rng.choice((["upper"], ["upper", "drop_form"], ["alt_form"], ["strip_punct"]))
        name = _name_variant(company, rng, ops=spelling)
        aliases = company.stem if rng.random() < 0.3 else ""
        start = _day(rng, dt.date(2009, 1, 1), TODAY - dt.timedelta(days=30))
        if k % 10 == 9:  # an occasional UN sanctions hit
            reason = "Security Council resolution 1267 (1999) / 1989 (2011): Al-Qaida"
            entry = _Exclusion(name, aliases, company.country, "un-sc", reason, start, None)
        else:
            until = start + dt.timedelta(days=365 * rng.randint(2, 6))
            reason = _debarment_ground(company.country, start, rng)
            entry = _Exclusion(name, aliases, company.country, "world-bank", reason, start, until)
        entries.append(entry)
    debarred_countries = sorted(c for c in ref.COUNTRY_REGION if c not in ref.HIGH_INCOME)
    while len(entries) < total:
        end: dt.date | None
        if rng.random() < 0.3:
            country, reason, year = rng.choice(_UN_SC_REGIMES)
            template = f"{STEM} {rng.choice(_UN_SC_WORDS)}"
            name = _fresh_name(stems, template, "en", rng)
            start = _day(rng, dt.date(year, 1, 1), TODAY - dt.timedelta(days=30))
            end = _day(rng, start, TODAY) if rng.random() < 0.1 else None  # delisted
            entry_list = "un-sc"
        else:
            country = rng.choice(debarred_countries)
            known = _COUNTRY_BY_CODE.get(country)
            template = f"{STEM} {rng.choice(_WORLD_BANK_WORDS)}"
            base = _fresh_name(stems, template, "en", rng)
            name = _with_form(
                base, known.sme_forms[0] if known else "Ltd", known.prefix if known else ""
            )
            start = _day(rng, dt.date(2005, 1, 1), TODAY - dt.timedelta(days=30))
            reason = _debarment_ground(country, start, rng)
            # Debarments run for a few years (some already expired) or indefinitely.
            years = rng.randint(1, 10)
            end = None if rng.random() < 0.15 else start + dt.timedelta(days=365 * years)
            entry_list = "world-bank"
        aliases = ""
        if rng.random() < 0.2:
            template = f"{STEM} {rng.choice(_UN_SC_WORDS)}"
            aliases = _fresh_name(stems, template, "en", rng)
        entries.append(_Exclusion(name, aliases, country, entry_list, reason, start, end))
    entries.sort(key=lambda e: (e.start, e.name))
    width = max(5, len(str(len(entries))))
    return [
        [f"X{n:0{width}d}", e.name, e.aliases, e.country, e.list, e.reason, _iso(e.start),
         _iso(e.end)]
        for n, e in enumerate(entries, start=1)
    ]  # fmt: skip


# ======================================================================================
# The package
# ======================================================================================


def _reference_rows() -> dict[str, list[list[str]]]:
    return {
        "agencies.csv": [
            [a.id, a.name, "", a.type, _join(a.countries), _join(a.themes), a.website]
            for a in ref.AGENCIES
        ],
        "initiatives.csv": [
            [i.id, i.name, i.kind, _join(i.conveners), _join(i.themes), _join(i.sdgs)]
            for i in ref.INITIATIVES
        ],
        "local_networks.csv": [
            [n.id, n.country, n.region, n.status, str(n.established), str(n.participants)]
            for n in ref.LOCAL_NETWORKS
        ],
    }


def _company_rows(companies: list[_Company]) -> Iterator[list[str]]:
    return (
        [
            c.id,
            c.name,
            _join(c.aliases),
            c.country_cell,
            _join(c.countries),
            c.sector,
            c.size,
            c.lei,
            c.website,
            c.gc_id,
            c.gc_status,
            _iso(c.gc_joined),
        ]
        for c in companies
    )


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def generate_package(out_dir: Path, companies: int, seed: int = 2013) -> dict[str, int]:
    """Write a synthetic data package of ``companies`` companies into ``out_dir``.

    Returns the number of data rows written per file. The same ``(companies, seed)`` always
    gives byte-identical files. The package is ingested under the folder's name.
    """
    if companies < 1:
        raise ValueError("companies must be at least 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    stems = _StemFactory(Random(f"{seed}/stems"))
    company_list = _make_companies(companies, seed, stems)
    company_pick = _Weighted([c.index for c in company_list], [c.weight for c in company_list])
    counts = {
        fname: _write_csv(out_dir / fname, FILE_COLUMNS[fname], rows)
        for fname, rows in _reference_rows().items()
    }

    def write(fname: str, rows: Iterable[Sequence[str]]) -> None:
        counts[fname] = _write_csv(out_dir / fname, FILE_COLUMNS[fname], rows)

    # Order matters: later files read the engagements recorded by earlier ones.
    write("companies.csv", _company_rows(company_list))
    write("partnerships.csv", _make_partnerships(company_list, seed, company_pick))
    partners_of: dict[str, list[int]] = {}
    for company in company_list:
        for agency in dict.fromkeys(a for _, a in company.engagements):
            partners_of.setdefault(agency, []).append(company.index)
    write("approaches.csv", _make_approaches(company_list, seed, company_pick))
    write("commitments.csv", _make_commitments(company_list, seed, company_pick, partners_of))
    write("memberships.csv", _make_memberships(company_list, seed))
    write("screenings.csv", _make_screenings(company_list, seed))
    write("needs.csv", _make_needs(seed, max(20, round(0.05 * companies))))
    total_exclusions = max(10, round(0.01 * companies))
    write("exclusions.csv", _make_exclusions(company_list, seed, stems, total_exclusions))
    return {fname: counts[fname] for fname in FILE_COLUMNS}


def write_demo_package(out_dir: Path) -> dict[str, int]:
    """Write the demo package (``DEMO_COMPANIES`` companies, seed ``DEMO_SEED``)."""
    return generate_package(out_dir, DEMO_COMPANIES, DEMO_SEED)


if __name__ == "__main__":  # pragma: no cover - regenerates the bundled demo
    for fname, count in write_demo_package(DEMO_DIR).items():
        print(f"{fname:20} {count:6}")
