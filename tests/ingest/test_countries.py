"""Country names as the real public files write them, all understood by ``to_iso2``."""

from __future__ import annotations

import pytest

from ingest.countries import to_iso2


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Global Compact participants 2017 and register 2009
        ("Bosnia-Herzegovina", "BA"),
        ("Macedonia, The Former Yugoslav Republic of", "MK"),
        ("Congo, Democratic Republic of", "CD"),
        ("Korea, Republic of", "KR"),
        ("Libyan Arab Jamahiriya", "LY"),
        ("Occupied Palestinian Territory", "PS"),
        ("Tajikstan", "TJ"),
        ("East Timor", "TL"),
        ("Virgin Islands, US", "VI"),
        ("Saint Helena", "SH"),
        # UN Security Council list
        ("Iran (Islamic Republic of)", "IR"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Democratic People's Republic of Korea", "KP"),
        # SDG partnerships
        ("Republic of Congo", "CG"),
        ("Venezuela, Bolivarian Republic of", "VE"),
        # other public lists (EBRD, Global Compact local networks)
        ("Peoples Republic of China", "CN"),
        ("Turkiye", "TR"),
        ("UAE", "AE"),
        # not countries: no code, rather than a wrong one
        ("Global", None),
        ("former Soviet Union", None),
        ("Kenya, Uganda", None),
    ],
)
def test_real_spellings(name: str, code: str | None) -> None:
    assert to_iso2(name) == code
