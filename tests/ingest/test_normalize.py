"""Name and identifier normalisation (ingest/normalize.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize import (
    core_name,
    name_numbers,
    normalize_gc_id,
    normalize_lei,
    normalize_name,
    website_domain,
)

NAMES = [
    # the Coca-Cola spellings of the brief all give one key
    ("The Coca-Cola Company", "coca cola"),
    ("Coca Cola Co.", "coca cola"),
    ("COCA-COLA CO", "coca cola"),
    ("Coca-Cola Company, The", "coca cola"),  # register style: trailing ", The"
    ("coca-cola company ltd.", "coca cola"),  # legal forms stripped repeatedly
    # accents (NFKD) and letters NFKD does not decompose
    ("Nestlé S.A.", "nestle"),
    ("Ørsted A/S", "orsted"),  # ø folded, "A/S" -> "as" -> stripped
    ("Brødrene Hartmann A/S", "brodrene hartmann"),
    ("Société Générale", "societe generale"),
    ("AUTOMATIZACIÃ“N AVANZADA S.A.", "automatizacion avanzada"),  # UTF-8 read as cp1252
    # "&" -> "and"; "and Co" is a legal form, "Johnson & Johnson" is not
    ("Johnson & Johnson", "johnson and johnson"),
    ("Procter & Gamble Co.", "procter and gamble"),
    ("Smith & Co.", "smith"),
    ("Marks & Spencer Group p.l.c.", "marks and spencer group"),  # "Group" is kept
    # Ltd / Limited / "Co., Ltd." / Pvt Ltd / Sdn Bhd ...
    ("Tata Consultancy Services Limited", "tata consultancy services"),
    ("Wenzhou Hongfeng Electrical Alloy Co., Ltd.", "wenzhou hongfeng electrical alloy"),
    ("Infosys Pvt. Ltd", "infosys"),
    ("VSP Technology (M) Sdn Bhd", "vsp technology m"),
    ("Spicers Paper (Singapore) Pte Ltd", "spicers paper singapore"),
    # dotted abbreviations are collapsed before they are recognised
    ("Hellenic Petroleum S.A.", "hellenic petroleum"),
    ("Luxottica Group S.p.A.", "luxottica group"),
    ("Philips N.V.", "philips"),
    ("Nando Cappelli S.R.L.", "nando cappelli"),
    ("Grupo Bimbo, S.A.B. de C.V.", "grupo bimbo"),
    ("BLOOMING Technologies Sp. z o.o.", "blooming technologies"),
    ("VUB, a.s.", "vub"),
    ("Toyota K.K.", "toyota"),
    # German, Nordic, Russian, Indonesian, Lithuanian legal forms (end and start)
    ("Siemens AG", "siemens"),
    ("VS Vereinigte Spezialmobelfabriken GmbH & Co. KG", "vs vereinigte spezialmobelfabriken"),
    ("Musti Group Nordic Oy", "musti group nordic"),
    ("Atlas Copco AB", "atlas copco"),
    ("PJSC Gazprom", "gazprom"),
    ("OOO Gazprom Export", "gazprom export"),
    ("PT. Astra International Tbk", "astra international"),
    ("UAB Medicinos Bankas", "medicinos bankas"),
    # legal forms that are never words are dropped inside a name too
    ("Carrefour Argentina (INC S.A.)", "carrefour argentina"),
    ("Siemens Ltd India", "siemens india"),
    # apostrophes join, other punctuation separates
    ("McDonald's Corporation", "mcdonalds"),
    ("Sticks'N'Sushi", "sticksnsushi"),
    # abbreviations are written out
    ("Cía. Minera Antamina S.A.", "compania minera antamina"),
    ("Acme Intl. Corp.", "acme international"),
    # never empty: the last word is kept even when it is a legal form
    ("S.A.", "sa"),
    ("SAB AG", "sab"),
    ("The Company", "company"),
    ("Limited", "limited"),
    ("---", "---"),
    # numbers are kept (they distinguish companies)
    ("3M Company", "3m"),
    ("Unit 1 Ltd", "unit 1"),
    # non-Latin scripts survive
    ("Газпром", "газпром"),
    ("", ""),
    ("   ", ""),
]


@pytest.mark.parametrize(("raw", "expected"), NAMES)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@given(st.text(min_size=1, max_size=40))
def test_normalize_name_is_never_empty_for_a_non_blank_name(name: str) -> None:
    if name.strip():
        assert normalize_name(name)


@given(st.text(max_size=40))
def test_normalize_name_is_idempotent_on_its_words(name: str) -> None:
    once = normalize_name(name)
    # a second pass may strip one more legal form that the first pass exposed last
    # ("Foo Co" -> ...), but must never grow or re-introduce punctuation
    assert len(normalize_name(once)) <= len(once)


def test_core_name_drops_weak_words_only() -> None:
    assert core_name("acme group") == "acme"
    assert core_name("acme holdings international") == "acme"
    assert core_name("group") == "group"  # never empty
    assert core_name("acme foods") == "acme foods"


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("unit 1", ("1",)),
        ("unit 01", ("1",)),  # leading zeros do not matter
        ("3m", ("3",)),
        ("route 66 hotel 2", ("2", "66")),
        ("acme", ()),
    ],
)
def test_name_numbers(name: str, numbers: tuple[str, ...]) -> None:
    assert name_numbers(name) == numbers


DOMAINS = [
    # scheme, www., path, port, case
    ("https://www.coca-colacompany.com/about", "coca-colacompany.com"),
    ("HTTP://WWW.Nestle.COM:8080/en?x=1", "nestle.com"),
    ("www.siemens.com", "siemens.com"),
    ("siemens.com", "siemens.com"),
    # sub-domains reduce to the registrable domain, country second levels are kept
    ("https://careers.acme.com/jobs", "acme.com"),
    ("http://www.tamarindproperties.co.ke", "tamarindproperties.co.ke"),
    ("shop.example.co.uk", "example.co.uk"),
    ("http://www.alphaville.com.br", "alphaville.com.br"),
    ("http://bonn.de", "bonn.de"),
    # messy values seen in the 2009 Global Compact register
    ("http://infoestero@adanti.it", "adanti.it"),  # an e-mail address gives its domain
    ("http:///www.esquel.com", "esquel.com"),
    ("http://HTTP://www.gruposuramericana.com", "gruposuramericana.com"),
    ("http://www. groupe-ruget.com", "groupe-ruget.com"),
    ("http://kumhoi,com.my", "kumhoi.com.my"),  # comma for a dot
    ("http://www.prohumana.cl www.plazanueva.org", "prohumana.cl"),  # first of a list
    ("http://www.seb.net, www.seb.se_", "seb.net"),
    # not an identity signal: empty, garbage, shared hosts, free mail
    (None, None),
    ("", None),
    ("http://", None),
    ("n/a", None),
    ("http://DaimlerChrysler AG", None),
    ("http://192.168.1.1/", None),
    ("https://www.linkedin.com/company/acme", None),
    ("https://facebook.com/acme", None),
    ("https://acme.wixsite.com/home", None),
    ("http://acme.blogspot.com", None),
    ("http://acme.blogspot.co.uk", None),  # blogspot under any suffix
    ("https://sites.google.com/site/acme", None),
    ("https://google.com/site/acme", None),
    ("http://www.pintu-tex@yahoo.com", None),  # a free-mail address
    ("https://acme.wordpress.com", None),
    # ... but Google's own site is Google's identity
    ("https://www.google.com/", "google.com"),
]


@pytest.mark.parametrize(("url", "domain"), DOMAINS)
def test_website_domain(url: str | None, domain: str | None) -> None:
    assert website_domain(url) == domain


@given(st.text(max_size=60))
def test_website_domain_never_raises(url: str) -> None:
    result = website_domain(url)
    assert result is None or (result == result.lower() and "." in result)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 5493 00ks6 ", "549300KS6"),  # inner spaces out, upper-case
        ("529900T8BM49AURSDO55", "529900T8BM49AURSDO55"),
        ("", None),
        ("  ", None),
        ("n/a", None),
        (None, None),
    ],
)
def test_normalize_lei(raw: str | None, expected: str | None) -> None:
    assert normalize_lei(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 18977 ", "18977"),
        ("gc-18977", "GC-18977"),
        (18977, "18977"),  # numbers from a spreadsheet
        ("", None),
        ("none", None),
        (None, None),
    ],
)
def test_normalize_gc_id(raw: str | int | None, expected: str | None) -> None:
    assert normalize_gc_id(raw) == expected
