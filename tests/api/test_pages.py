"""The hub's HTML pages on the demo package (embedded store): the facts of known entities,
friendly 404s, well-formed pages that load nothing from outside the app."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import pages
from api.app import create_app
from api.pages import build_overview, default_as_of, region_of
from graph.embedded import EmbeddedStore
from ingest.load import ingest_package
from partnergraph.config import Settings
from queries.screening import screening_statuses
from tests.html_checks import well_formed

DEMO = Path(__file__).resolve().parents[2] / "partnergraph" / "demo"
DEMO_DAY = "2013-06-28"  # the newest approach made or screening done in the demo

PAGES = [
    "/",
    "/search?q=voltnix",
    "/search?q=xqzjvw",
    "/search",
    "/companies/C000015",
    "/companies/C000110",
    "/agencies/UNICEF",
    "/needs/N00002",
    "/needs/N00001",
    "/countries/KE",
    "/?as_of=2012-01-01",
]
MISSING = [
    ("/companies/NOPE", "No company NOPE"),
    ("/agencies/NOPE", "No agency NOPE"),
    ("/needs/NOPE", "No need NOPE"),
    ("/countries/ZZ", "No country ZZ"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("pages") / "embedded")
    ingest_package(store, DEMO)
    return store


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), store=store)) as test_client:
        yield test_client


def _page(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


# ------------------------------------------------------------------------------------------
# Well-formed pages with the shared look
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES + [path for path, _ in MISSING])
def test_every_page_is_well_formed_with_title_and_topbar(client: TestClient, path: str) -> None:
    status = 404 if any(path == missing for missing, _ in MISSING) else 200
    html = _page(client, path, status)
    page = well_formed(html)
    assert page.title.strip().endswith("· partnergraph")
    assert '<header class="topbar">' in html
    assert '<a class="brand" href="/">partnergraph</a>' in html
    assert '<form class="topsearch" action="/search" method="get"' in html
    assert re.search(r'<input name="q" id="search"', html)
    assert '<link rel="stylesheet" href="/static/hub.css">' in html
    assert "<script" not in html  # nothing that can fail in the console


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_loaded_from_outside_the_app(client: TestClient, path: str) -> None:
    html = _page(client, path)
    urls = well_formed(html).urls
    assert not [u for u in urls if re.match(r"(?i)(https?:)?//", u)]
    assert not re.search(r"(?i)(src|href)\s*=\s*[\"']?\s*https?://", html)
    assert "http://" not in html and "https://" not in html


@pytest.mark.parametrize("path", PAGES)
def test_every_static_file_referenced_is_served(client: TestClient, path: str) -> None:
    for url in well_formed(_page(client, path)).urls:
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url


def test_every_link_of_the_hub_to_a_page_works(client: TestClient) -> None:
    urls = set(well_formed(_page(client, "/")).urls)
    pages = sorted(u for u in urls if re.match(r"/(companies|agencies|needs|countries)/", u))
    assert len(pages) > 30
    for url in pages:
        assert client.get(url).status_code == 200, url


# ------------------------------------------------------------------------------------------
# The hub
# ------------------------------------------------------------------------------------------


def test_hub_defaults_to_the_newest_activity_of_the_demo(client: TestClient) -> None:
    html = _page(client, "/")
    assert f"Answers as of <strong>{DEMO_DAY}</strong>" in html
    assert "the newest activity recorded in the data" in html


def test_hub_shows_the_top_duplication_alerts(client: TestClient) -> None:
    html = _page(client, "/")
    alerts = html[html.index('id="alerts"') : html.index('id="gaps"')]
    # the most pressing alert of the year to 2013-06-28: four agencies courting C000390
    assert 'href="/companies/C000390">Nibuland Diagnostics Co., Ltd.</a>' in alerts
    assert 'href="/companies/C000015">Voltanix Pharma, Inc.</a>' in alerts
    assert "competing funding asks" in alerts
    assert alerts.count("<tr>") == 1 + 10  # the header and the top ten
    assert 'href="/viz/duplication"' in alerts
    assert 'href="/viz/company/C000390"' in alerts


def test_hub_shows_the_top_gaps_with_their_detail(client: TestClient) -> None:
    html = _page(client, "/")
    gaps = html[html.index('id="gaps"') : html.index('id="counts"')]
    assert "Tropika Co., Ltd. (C000110), whose screening status is blocked" in gaps
    assert "Ethiopia (ET) has 7 active partnerships" in gaps
    assert gaps.count("<li>") == 10
    assert 'href="/countries/ET"' in gaps


def test_hub_counts_by_agency_region_and_theme(client: TestClient) -> None:
    html = _page(client, "/")
    counts = html[html.index('id="counts"') :]
    assert re.search(r'href="/agencies/UNICEF"[^>]*>UNICEF</a></td><td class="num">33</td>', counts)
    for region in ("Europe", "Americas", "Asia/Oceania", "Africa", "Middle East"):
        assert f"<td>{region}</td>" in counts
    assert '<span class="tag">innovation</span>' in counts


def test_hub_takes_another_day(client: TestClient) -> None:
    html = _page(client, "/?as_of=2012-01-01")
    assert "Answers as of <strong>2012-01-01</strong>" in html
    # a chosen day is carried along by the links
    assert re.search(r'href="/companies/C\d+\?as_of=2012-01-01"', html)


def test_a_bad_day_is_a_friendly_422(client: TestClient) -> None:
    html = _page(client, "/?as_of=yesterday", 422)
    assert "is not a date" in html


# ------------------------------------------------------------------------------------------
# Search
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["Voltnix Pharma", "voltanix", "Voltaniks Pharma"])
def test_search_finds_a_company_by_a_misspelt_name(client: TestClient, q: str) -> None:
    html = _page(client, f"/search?q={q}")
    assert 'href="/companies/C000015">Voltanix Pharma, Inc.</a>' in html


def test_search_finds_agencies_and_open_needs(client: TestClient) -> None:
    html = _page(client, "/search?q=telecommunications")
    assert 'href="/needs/N00002">Emergency telecommunications support in Russia</a>' in html
    assert 'href="/agencies/ITU"' in html


def test_search_says_when_nothing_matches(client: TestClient) -> None:
    html = _page(client, "/search?q=xqzjvw")
    assert 'id="no-results"' in html
    assert 'href="/companies/' not in html


# ------------------------------------------------------------------------------------------
# Entity pages
# ------------------------------------------------------------------------------------------


def test_company_page(client: TestClient) -> None:
    html = _page(client, "/companies/C000015")
    assert "<h1>Voltanix Pharma, Inc.</h1>" in html
    assert "<title>Voltanix Pharma, Inc. · partnergraph</title>" in html
    # screening with its flag and the record it comes from
    assert '<span class="badge badge-review">review</span>' in html
    assert "SCREENING_EXPIRED" in html and "demo/screenings.csv#14" in html
    # who engages it, with dates, themes, countries and sources
    for agency in ("UNICEF", "WFP", "WHO"):
        assert f'href="/agencies/{agency}"' in html
    assert "AP000309" in html and "2013-06-28" in html and "demo/approaches.csv#310" in html
    assert "P000138" in html and "2013-09-08" in html and "demo/partnerships.csv#139" in html
    # best-matching open needs with their explanation
    matches = html[html.index('id="matches"') : html.index('id="commitments"')]
    assert 'href="/needs/N00008"' in matches
    assert "approached by 2 other agencies" in matches
    # its local network, and the network view
    assert "Member of Global Compact Network United States" in html
    assert 'href="/viz/company/C000015"' in html
    assert "demo/companies.csv#16" in html


def test_a_blocked_company_gets_no_needs(client: TestClient) -> None:
    html = _page(client, "/companies/C000110")
    assert '<span class="badge badge-blocked">blocked</span>' in html
    assert "EXCLUSION_MATCH" in html
    assert "a blocked company is never proposed" in html
    assert 'href="/needs/' not in html


def test_company_commitments_are_shown_with_their_initiative(client: TestClient) -> None:
    html = _page(client, "/companies/C000147")
    assert "Reduce greenhouse-gas emissions by 20% by 2020" in html
    assert "demo/commitments.csv#2" in html


def test_agency_page(client: TestClient) -> None:
    html = _page(client, "/agencies/UNICEF")
    assert "<h1>United Nations Children&#39;s Fund</h1>" in html
    overlaps = html[html.index('id="overlaps"') : html.index('id="needs"')]
    assert 'href="/companies/C000390"' in overlaps  # courted by EOSG, WFP and WHO too
    assert 'href="/agencies/WHO"' in overlaps
    needs = html[html.index('id="needs"') : html.index('id="partnerships"')]
    assert 'href="/needs/N00008"' in needs
    assert "P000138" in html  # a partnership
    assert "demo/approaches.csv#291" in html  # an approach, with its record
    assert 'href="/viz/agency/UNICEF"' in html


def test_need_page_ranks_companies_with_explanations(
    client: TestClient, store: EmbeddedStore
) -> None:
    html = _page(client, "/needs/N00002")
    assert "<h1>Emergency telecommunications support in Russia</h1>" in html
    matches = html[html.index('id="matches"') :]
    first = matches.index('href="/companies/C000295"')
    assert first < matches.index('href="/companies/C000008"')  # ranked
    assert '<span class="badge badge-review">review</span>' in matches  # shown as such
    assert "operates in RU" in matches  # an explanation row
    blocked = {
        cid
        for cid, s in screening_statuses(store, as_of=dt.date(2013, 6, 28)).items()
        if s["status"] == "blocked"
    }
    assert blocked and not [cid for cid in blocked if f'href="/companies/{cid}"' in matches]


def test_a_closed_need_says_so(client: TestClient) -> None:
    assert "not open</span> on 2013-06-28 (closed" in _page(client, "/needs/N00001")


@pytest.mark.parametrize("path", ["/countries/KE", "/countries/ke"])
def test_country_page(client: TestClient, path: str) -> None:
    html = _page(client, path)
    assert "<h1>Kenya <span" in html
    assert "Global Compact Network Kenya" in html and "formal" in html
    assert 'href="/agencies/UNICEF"' in html  # present in Kenya
    assert "Cremmarn Digital Limited (C000126)" in html  # an integrity gap here
    assert "P000213" in html  # a partnership here
    assert 'href="/viz/country/KE"' in html


@pytest.mark.parametrize(("path", "title"), MISSING)
def test_unknown_ids_are_a_friendly_404(client: TestClient, path: str, title: str) -> None:
    html = _page(client, path, 404)
    assert f"<h1>{title}</h1>" in html
    assert 'href="/">the hub</a>' in html


# ------------------------------------------------------------------------------------------
# The helpers behind the hub
# ------------------------------------------------------------------------------------------


def test_default_day_is_the_newest_activity_never_after_today(store: EmbeddedStore) -> None:
    assert default_as_of(store) == dt.date(2013, 6, 28)


def test_default_day_of_an_empty_store_is_today(tmp_path: Path) -> None:
    assert default_as_of(EmbeddedStore(tmp_path / "empty")) == dt.date.today()


def test_region_prefers_the_data_then_the_reference_table() -> None:
    assert region_of("KE", {}) == "Africa"
    assert region_of("DK", {"DK": "Nordic"}) == "Nordic"
    assert region_of("AQ", {}) == "Other"


def test_overview_counts_what_is_current() -> None:
    overview = build_overview(
        agencies=[{"id": "A"}, {"id": "B"}],
        partnerships=[
            {
                "id": "P1",
                "agencies": ["A", "B"],
                "companies": ["C1"],
                "countries": ["KE"],
                "themes": ["water"],
                "status": "active",
            },
            {
                "id": "P2",
                "agencies": ["A"],
                "companies": ["C2"],
                "countries": ["KE"],
                "themes": ["water"],
                "status": "closed",
            },
        ],
        approaches=[
            {
                "id": "X1",
                "agency": "B",
                "company": "C3",
                "date": "2013-05-01",
                "countries": ["FR"],
                "themes": ["energy"],
            },
            {
                "id": "X2",
                "agency": "B",
                "company": "C4",
                "date": "2011-05-01",
                "countries": ["FR"],
                "themes": ["energy"],
            },
        ],
        needs=[
            {
                "id": "N1",
                "agency": "A",
                "countries": ["KE"],
                "themes": ["water"],
                "status": "open",
                "deadline": "2013-12-31",
            },
            {"id": "N2", "agency": "A", "countries": ["KE"], "status": "closed"},
        ],
        networks=[{"id": "LN-KE", "country": "KE", "region": "Africa", "status": "formal"}],
        as_of=dt.date(2013, 6, 30),
    )
    agencies = {r["id"]: r for r in overview["by_agency"]}
    assert agencies["A"] == {
        "id": "A",
        "name": "A",
        "partnerships": 1,
        "approaches": 0,
        "needs": 1,
        "companies": 1,
    }
    assert agencies["B"]["approaches"] == 1 and agencies["B"]["companies"] == 2
    regions = {r["region"]: r for r in overview["by_region"]}
    assert regions["Africa"]["partnerships"] == 1 and regions["Africa"]["formal_networks"] == 1
    assert regions["Europe"]["approaches"] == 1 and regions["Europe"]["countries"] == 1
    themes = {r["theme"]: r for r in overview["by_theme"]}
    assert themes["water"] == {
        "theme": "water",
        "partnerships": 1,
        "approaches": 0,
        "needs": 1,
        "agencies": 2,
    }


def test_warm_up_computes_the_hub_before_the_first_visit(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "embedded")
    ingest_package(store, DEMO)
    with TestClient(create_app(Settings(), store, warm_up=True)):
        for thread in threading.enumerate():
            if thread.name == "warm-up":
                thread.join(timeout=60)
        day = default_as_of(store)
        assert ("hub", day) in pages._CACHES[store].values
