"""Search on the demo package: misspelt company names, aliases, ids, agencies, open needs;
nothing for nonsense; the index is rebuilt when the data changes and only then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from ingest.load import ingest_package
from queries import search as search_module
from queries.search import MIN_SCORE, Words, build_index, search, search_index

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "partnergraph" / "demo"
SMALL = ROOT / "tests" / "fixtures" / "packages" / "small"
AS_OF = dt.date(2013, 6, 28)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("search") / "embedded")
    ingest_package(store, DEMO)
    return store


def _company_ids(store: EmbeddedStore, q: str, limit: int = 10) -> list[str]:
    return [c["id"] for c in search(store, q, limit, as_of=AS_OF)["companies"]]


@pytest.mark.parametrize(
    ("q", "company"),
    [
        ("Kilimira SA", "C000001"),  # the name as written
        ("kilimira", "C000001"),  # case and legal form do not matter
        ("Klimira", "C000001"),  # a letter dropped
        ("Kilimria", "C000001"),  # two letters swapped
        ("Kiliimira", "C000001"),  # a letter doubled
        ("Voltnix Pharma", "C000015"),  # a letter dropped in a two-word name
        ("voltnix", "C000015"),  # ... and only the misspelt first word typed
        ("Voltanix Pharma, Inc.", "C000015"),  # punctuation and legal form
        ("voltanixpharma", "C000015"),  # the space forgotten
        ("snidnor", "C000011"),  # swapped letters in a short name
        ("C000015", "C000015"),  # the id
        ("c000015", "C000015"),  # the id in lower case
    ],
)
def test_finds_the_company_first(demo: EmbeddedStore, q: str, company: str) -> None:
    assert _company_ids(demo, q)[0] == company


def test_an_alias_finds_the_company_and_says_so(demo: EmbeddedStore) -> None:
    # C000025 "Sledrole & Brothers S.A." was also written "Phopesór Plastics S.A."
    [first, *_] = search(demo, "Phopesor Plastics", as_of=AS_OF)["companies"]
    assert first["id"] == "C000025"
    assert first["matched"] == "Phopesór Plastics S.A."
    assert first["name"] == "Sledrole & Brothers S.A."


def test_a_word_of_the_name_finds_every_company_with_it(demo: EmbeddedStore) -> None:
    found = search(demo, "pharma", limit=50, as_of=AS_OF)["companies"]
    assert {"C000015", "C000368"} <= {c["id"] for c in found}
    assert all(c["score"] >= MIN_SCORE for c in found)


@pytest.mark.parametrize("q", ["xqzjvw", "asdfgh qwerty", "zzzz", "qqqq wwww", "!!!"])
def test_nonsense_finds_nothing(demo: EmbeddedStore, q: str) -> None:
    answer = search(demo, q, as_of=AS_OF)
    assert answer["companies"] == [] and answer["agencies"] == [] and answer["needs"] == []


@pytest.mark.parametrize(
    ("q", "agency"),
    [
        ("UNICEF", "UNICEF"),  # the id
        ("unicef", "UNICEF"),  # the id in lower case
        ("World Food Programme", "WFP"),  # the name
        ("food programme", "WFP"),  # part of the name
        ("World Helth Organization", "WHO"),  # misspelt name
    ],
)
def test_finds_agencies(demo: EmbeddedStore, q: str, agency: str) -> None:
    assert search(demo, q, as_of=AS_OF)["agencies"][0]["id"] == agency


def test_finds_open_needs_by_their_title(demo: EmbeddedStore) -> None:
    needs = search(demo, "telecommunications russia", as_of=AS_OF)["needs"]
    assert needs[0]["id"] == "N00002"
    assert needs[0]["title"] == "Emergency telecommunications support in Russia"
    misspelt = search(demo, "telecomunications", as_of=AS_OF)["needs"]
    assert "N00002" in [n["id"] for n in misspelt]


def test_closed_and_expired_needs_are_not_found(demo: EmbeddedStore) -> None:
    # N00001 (Iraq) is closed; N00002's deadline is 2014-03-12.
    assert "N00001" not in [n["id"] for n in search(demo, "digital learning iraq")["needs"]]
    later = search(demo, "telecommunications", as_of=dt.date(2014, 6, 1))["needs"]
    assert "N00002" not in [n["id"] for n in later]


def test_blank_query_finds_nothing(demo: EmbeddedStore) -> None:
    answer = search(demo, "   ", as_of=AS_OF)
    assert answer == {
        "query": "",
        "as_of": "2013-06-28",
        "companies": [],
        "agencies": [],
        "needs": [],
    }


@pytest.mark.parametrize("limit", [0, 101])
def test_limit_is_checked(demo: EmbeddedStore, limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        search(demo, "pharma", limit)


def test_limit_cuts_each_list(demo: EmbeddedStore) -> None:
    assert len(search(demo, "s", limit=3, as_of=AS_OF)["companies"]) == 3


def test_index_is_kept_until_the_data_changes(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "embedded")
    ingest_package(store, SMALL)
    first = search_index(store)
    assert search_index(store) is first  # unchanged data: the same index
    ingest_package(store, DEMO)
    second = search_index(store)
    assert second is not first
    assert _company_ids(store, "Kilimira")[0] == "C000001"


def test_build_index_is_pure() -> None:
    index = build_index(
        (),
        [{"id": "X1", "name": "The Acme Company", "aliases": ["ACME Corp."], "ids": ["OLD-7"]}],
        [{"id": "UNDP", "name": "United Nations Development Programme"}],
        [{"id": "N1", "title": "Solar pumps", "status": "open"}],
    )
    assert index.keys == ["acme"]  # name and alias have one comparison key
    assert index.company_by_id == {"X1": 0, "OLD-7": 0}
    assert index.need_words.holders == {"solar": [0], "pumps": [0]}


def test_a_word_filed_by_its_first_two_letters_survives_a_first_letter_slip() -> None:
    words = Words.of([["voltanix"]])
    for typo in ("oltanix", "boltanix", "ovltanix", "vvoltanix"):
        assert "voltanix" in words.like(typo), typo


def test_module_exports_exist() -> None:
    assert all(hasattr(search_module, name) for name in search_module.__all__)
