"""Countries: ISO 3166-1 alpha-2 codes, accepting English names (via pycountry).

The one place that knows country names: the validator, every importer and the benches use
:func:`to_iso2`, so a spelling learnt here (``_ALIASES``) is understood everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Codes in common use that ISO 3166-1 does not (yet) assign.
_EXTRA = {"XK": "Kosovo"}
# Everyday English names pycountry does not know under that exact spelling.
_ALIASES = {
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "korea, republic of": "KR",
    "republic of moldova": "MD",
    "united republic of tanzania": "TZ",
    "the former yugoslav republic of macedonia": "MK",
    "hong kong": "HK",
    "macau": "MO",
    "north korea": "KP",
    "vietnam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "macedonia": "MK",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "turkey": "TR",
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "palestine": "PS",
    "state of palestine": "PS",
    "taiwan": "TW",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of the congo": "CG",
    "congo": "CG",
    "kosovo": "XK",
    "micronesia": "FM",
    "holy see": "VA",
    "vatican": "VA",
    # The Global Compact's spellings (participants 2017, register 2009)
    "bosnia-herzegovina": "BA",
    "congo, democratic republic of": "CD",
    "macedonia, the former yugoslav republic of": "MK",
    "libyan arab jamahiriya": "LY",
    "occupied palestinian territory": "PS",
    "tajikstan": "TJ",
    "east timor": "TL",
    "virgin islands, us": "VI",
    "saint helena": "SH",
    # The UN's forms (Security Council list, SDG partnerships) that pycountry writes otherwise
    "china, hong kong special administrative region": "HK",
    "china, macao special administrative region": "MO",
    "republic of congo": "CG",
    # Other everyday forms seen in public lists (EBRD, Global Compact local networks)
    "democratic republic of congo": "CD",
    "macedonia, the fyr": "MK",
    "lao peoples democratic republic": "LA",
    "peoples republic of china": "CN",
    "people's republic of china": "CN",
    "republic of kosovo": "XK",
    "st. lucia": "LC",
    "turkiye": "TR",
    "uae": "AE",
}


@lru_cache(maxsize=4096)
def to_iso2(value: str) -> str | None:
    """The ISO2 code of a code or an English country name, or ``None`` if unknown.

    >>> to_iso2("ke"), to_iso2("Kenya"), to_iso2("Russian Federation"), to_iso2("Atlantis")
    ('KE', 'KE', 'RU', None)
    >>> to_iso2("Bosnia-Herzegovina"), to_iso2("Bolivia (Plurinational State of)")
    ('BA', 'BO')
    """
    text = value.strip()
    if not text:
        return None
    upper = text.upper()
    if len(text) == 2:
        if upper in _EXTRA:
            return upper
        country = pycountry.countries.get(alpha_2=upper)
        return country.alpha_2 if country else None
    return _by_name(text) or _by_qualified_name(text)


def _by_name(text: str) -> str | None:
    alias = _ALIASES.get(" ".join(text.lower().split()))
    if alias:
        return alias
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


def _by_qualified_name(text: str) -> str | None:
    """A name with its qualifier after a comma or in parentheses, as UN lists write them
    ("Congo, Democratic Republic of", "Iran (Islamic Republic of)"): the qualifier put in
    front ("Democratic Republic of the Congo"), else the name without it ("Iran").

    >>> _by_qualified_name("Congo, Democratic Republic of")
    'CD'
    >>> _by_qualified_name("Iran (Islamic Republic of)"), _by_qualified_name("Kenya")
    ('IR', None)
    """
    found = re.fullmatch(
        r"(?P<head>[^,()]+?)\s*(?:,\s*(?P<tail>[^()]+)|\((?P<inner>[^()]+)\))", text
    )
    if found is None:
        return None
    head, qualifier = found["head"], found["tail"] or found["inner"]
    fronted = f"{qualifier} {head}"
    code = _by_name(re.sub(r"\bof$", "of the", fronted)) or _by_name(fronted)
    return code or (_by_name(head) if found["inner"] else None)


@lru_cache(maxsize=512)
def country_name(iso2: str) -> str:
    """The English short name of an ISO2 code.

    >>> country_name("KE")
    'Kenya'
    """
    if iso2 in _EXTRA:
        return _EXTRA[iso2]
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return iso2
    return str(getattr(country, "common_name", None) or country.name)
