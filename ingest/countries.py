"""Countries: ISO 3166-1 alpha-2 codes, accepting English names (via pycountry)."""

from __future__ import annotations

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
}


@lru_cache(maxsize=4096)
def to_iso2(value: str) -> str | None:
    """The ISO2 code of a code or an English country name, or ``None`` if unknown.

    >>> to_iso2("ke"), to_iso2("Kenya"), to_iso2("Russian Federation"), to_iso2("Atlantis")
    ('KE', 'KE', 'RU', None)
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
    alias = _ALIASES.get(text.lower())
    if alias:
        return alias
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


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
