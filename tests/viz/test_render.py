"""Rendering a view: an offline page (only /static resources, each served by the app), the
view's data embedded safely, the filter controls, the legend and the JS contract."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.embedded import EmbeddedStore
from graph.store import NodeRow
from ingest.load import ingest_package
from partnergraph.config import Settings
from tests.html_checks import Page
from viz.network import Filters, agency_view, company_view, country_view, duplication_view
from viz.render import render_error, render_view

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("small") / "embedded")
    ingest_package(store, SMALL)
    return store


@pytest.fixture(scope="module")
def client(small: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), store=small)) as test_client:
        yield test_client


def pages(store: EmbeddedStore) -> dict[str, str]:
    return {
        "company": render_view(company_view(store, "KO", as_of=dt.date(2012, 6, 30))),
        "agency": render_view(agency_view(store, "UNICEF", limit=10)),
        "country": render_view(country_view(store, "KE", filters=Filters.build("food", None))),
        "duplication": render_view(duplication_view(store)),
        "error": render_error(404, "Not found", "There is no company “NOPE” in the graph."),
    }


@pytest.mark.parametrize("kind", ["company", "agency", "country", "duplication", "error"])
def test_pages_load_nothing_from_elsewhere(
    small: EmbeddedStore, client: TestClient, kind: str
) -> None:
    html = pages(small)[kind]
    assert "http://" not in html and "https://" not in html
    assert "lib/" not in html.replace("/static/vendor/", "")  # pyvis's stray local paths
    page = Page(html)
    assert page.resources, "the page loads its styles"
    for url in page.resources:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url
    for url in page.links:
        assert url.startswith("/"), url


def test_the_page_embeds_the_view_data_and_options(small: EmbeddedStore) -> None:
    view = company_view(small, "KO", as_of=dt.date(2012, 6, 30))
    page = Page(render_view(view))
    assert json.loads(page.scripts["view-data"]) == {"nodes": view.nodes, "edges": view.edges}
    options = json.loads(page.scripts["view-options"])
    assert options["physics"]["stabilization"]["iterations"] <= 200
    assert {"network", "view-data", "view-options", "search", "legend"} <= set(page.ids)
    assert "/static/vendor/vis-9.1.2/vis-network.min.js" in page.resources
    assert "/static/vendor/vis-9.1.2/vis-network.css" in page.resources
    assert "/static/hub.css" in page.resources


def test_embedded_json_cannot_close_its_script(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "embedded")
    evil = "</script><script>alert(1)</script>"
    with store.transaction():
        store.upsert_nodes("Company", [NodeRow("X1", {"name": evil}, "t/companies.csv#2")])
    view = company_view(store, "X1")
    html = render_view(view)
    assert evil not in html
    assert json.loads(Page(html).scripts["view-data"])["nodes"][0]["title"].startswith(evil)


def test_topbar_filters_and_legend(small: EmbeddedStore) -> None:
    view = country_view(small, "KE", filters=Filters.build("food", None), limit=10)
    html = render_view(view)
    page = Page(html)
    assert re.search(r'<header class="topbar">\s*<a class="brand" href="/">partnergraph</a>', html)
    assert '<form class="topsearch" action="/search" method="get"' in html
    assert page.ids["search"]["name"] == "q"
    assert page.ids["filters"]["action"] == "/viz/country/KE"
    themes = page.options["filter-theme"]
    assert ("", False) in themes and ("food", True) in themes
    assert [value for value, _ in page.options["filter-agency"]] == ["", "UNDP", "UNICEF", "WFP"]
    assert page.ids["filter-theme"]["name"] == "theme"
    assert page.ids["filter-agency"]["name"] == "agency"
    legend = html[html.index('id="legend"') :]
    for name in ("Agency", "Company", "Country", "Duplication: agencies engaging"):
        assert name in legend


def test_counts_and_the_left_out_are_said(small: EmbeddedStore) -> None:
    view = country_view(small, "KE", limit=10)
    html = render_view(view)
    assert f"{view.counts['nodes']} nodes" in html
    assert "more left out (limit 10)" in html
    hidden = [n["label"] for n in view.nodes if n["type"] == "More"]
    assert hidden


def test_the_js_contract_is_in_the_page(small: EmbeddedStore) -> None:
    html = render_view(duplication_view(small))
    for part in (
        "window.pgView = {",
        "network: network",
        "nodes: nodes",
        "edges: edges",
        "counts: { nodes: nodes.length, edges: edges.length }",
        "settled: false",
        "settleMs: null",
        "open: open",
        '"stabilizationIterationsDone"',
        'document.body.dataset.settled = "true"',
        "physics: { enabled: false }",
    ):
        assert part in html, part
