"""The /viz routes through the app: pages, parameters, HTML errors, the "+N more" link."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.embedded import EmbeddedStore
from ingest.load import ingest_package
from partnergraph.cli import DEMO_DIR
from partnergraph.config import Settings
from viz import routes

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path_factory.mktemp("small") / "embedded")
    ingest_package(store, SMALL)
    with TestClient(create_app(Settings(), store=store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path_factory.mktemp("demo") / "embedded")
    ingest_package(store, DEMO_DIR)
    with TestClient(create_app(Settings(), store=store)) as test_client:
        yield test_client


def view_data(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.S)
    assert match, "no #view-data"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize(
    ("path", "nodes"),
    [
        ("/viz/company/KO?as_of=2012-06-30", 10),
        ("/viz/agency/UNICEF", 10),
        ("/viz/country/KE", 14),
        ("/viz/country/ke", 14),  # any case
        ("/viz/duplication", 4),
    ],
)
def test_views_are_html_pages(client: TestClient, path: str, nodes: int) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert len(view_data(response.text)["nodes"]) == nodes


def test_filters_come_from_the_query(client: TestClient) -> None:
    everything = view_data(client.get("/viz/company/KO").text)
    food = view_data(client.get("/viz/company/KO?theme=food&agency=").text)
    assert "Partnership:P1" in {n["id"] for n in everything["nodes"]}
    assert "Partnership:P1" not in {n["id"] for n in food["nodes"]}


def test_duplication_parameters_reach_the_question(client: TestClient) -> None:
    three = view_data(client.get("/viz/duplication?min_agencies=3").text)
    four = view_data(client.get("/viz/duplication?min_agencies=4").text)
    assert len(three["nodes"]) == 4 and four["nodes"] == []
    in_brazil = view_data(client.get("/viz/duplication?country=BR").text)
    assert in_brazil["nodes"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/viz/company/NOPE",  # unknown company
        "/viz/agency/NOPE",  # unknown agency
        "/viz/country/ZZ",  # unknown country
    ],
)
def test_unknown_ids_answer_an_html_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-error-code"] == "not_found"
    assert '<header class="topbar">' in response.text
    assert "NOPE" in response.text or "ZZ" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/viz/company/KO?limit=5",  # below the smallest view
        "/viz/agency/UNICEF?limit=5000",  # above the largest
        "/viz/duplication?min_agencies=1",  # the question needs two agencies
        "/viz/duplication?window_days=-1",
        "/viz/company/KO?as_of=yesterday",
    ],
)
def test_bad_parameters_are_refused(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 422


def test_the_more_node_leads_to_a_larger_view(demo_client: TestClient) -> None:
    small = view_data(demo_client.get("/viz/agency/UNICEF?limit=40&theme=health").text)
    assert len(small["nodes"]) == 40
    more = [n for n in small["nodes"] if n["type"] == "More"]
    assert more
    url = more[0]["url"]
    assert url.startswith("/viz/agency/UNICEF?theme=health&limit=")
    larger = view_data(demo_client.get(url).text)
    assert len(larger["nodes"]) > 40
    assert not [n for n in larger["nodes"] if n["type"] == "More"]


def test_views_are_not_in_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/viz")]


def test_a_view_is_built_once_per_version_of_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    real_view = routes.agency_view

    def counting_view(*args: Any, **kwargs: Any) -> Any:
        built.append(args[1])
        return real_view(*args, **kwargs)

    counting_view.__name__ = real_view.__name__
    monkeypatch.setattr(routes, "agency_view", counting_view)
    store = EmbeddedStore(tmp_path / "embedded")
    ingest_package(store, DEMO_DIR)
    with TestClient(create_app(Settings(), store)) as test_client:
        first = test_client.get("/viz/agency/UNICEF").text
        assert test_client.get("/viz/agency/UNICEF").text == first
        assert built == ["UNICEF"]  # the second request was served from the cache
        test_client.get("/viz/agency/UNICEF?limit=50")
        assert built == ["UNICEF", "UNICEF"]  # other parameters, another page
        ingest_package(store, SMALL)  # new data: views are built again
        test_client.get("/viz/agency/UNICEF")
        assert built == ["UNICEF", "UNICEF", "UNICEF"]
