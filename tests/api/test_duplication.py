"""``GET /api/duplication`` on both stores, its 422s, and the CLI's ``--json`` giving the same."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from graph.embedded import EmbeddedStore
from graph.store import Store
from ingest.load import ingest_package
from partnergraph.cli import app as cli_app
from partnergraph.config import Settings
from queries.duplication import find_duplication
from tests.store_fixtures import loaded_package_fixtures

PACKAGE = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "duplication-basic"


def _app(store: Store) -> FastAPI:
    return create_app(Settings(), store=store)


embedded_loaded, neo4j_loaded, store = loaded_package_fixtures(PACKAGE)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(_app(store)) as test_client:
        yield test_client


@pytest.fixture
def embedded_client(embedded_loaded: EmbeddedStore) -> Iterator[TestClient]:
    """Parameter checks happen before any store is read: one store is enough."""
    with TestClient(_app(embedded_loaded)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("", {}),  # defaults
        ("?window_days=2000", {"window_days": 2000}),  # a wide window brings FARAPART in
        ("?min_agencies=3", {"min_agencies": 3}),
        ("?country=KE&theme=water", {"country": "KE", "theme": "water"}),
        ("?agency=FAO", {"agency": "FAO"}),
        # a year alone is its first day for since
        ("?since=2013&until=2014-12-31", {"since": "2013-01-01", "until": "2014-12-31"}),
        ("?limit=1", {"limit": 1}),
    ],
)
def test_answer_is_the_query_functions(
    client: TestClient, store: Store, query: str, params: dict[str, Any]
) -> None:
    response = client.get("/api/duplication" + query)
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(find_duplication(store, **params)))


def test_answer_shape(client: TestClient) -> None:
    body = client.get("/api/duplication").json()
    assert body["total"] == 3
    assert [i["company"]["id"] for i in body["items"]] == ["AQUA", "SOLAR", "NOSTART"]
    first = body["items"][0]
    for key in ("company", "agencies", "engagements", "shared_themes", "shared_countries"):
        assert key in first
    assert first["score"] == 6.8108 and first["reasons"][0] == "MULTIPLE_AGENCIES"
    assert body["params"] == {
        "window_days": 365,
        "min_agencies": 2,
        "country": None,
        "theme": None,
        "agency": None,
        "since": None,
        "until": None,
        "limit": 50,
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("min_agencies=1", "min_agencies"),  # one agency is not duplication
        ("window_days=-1", "window_days"),  # negative window
        ("window_days=soon", "window_days"),  # not a number
        ("since=nope", "since"),  # not a date
        ("until=2012-02-30", "until"),  # no such day
        ("since=2013-01-01&until=2012-01-01", "since"),  # empty range
        ("limit=0", "limit"),  # below 1
        ("limit=1001", "limit"),  # above 1000
    ],
)
def test_bad_parameters_are_422(embedded_client: TestClient, query: str, field: str) -> None:
    response = embedded_client.get("/api/duplication?" + query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter" and field in error["message"]


# ------------------------------------------------------------------------------------------
# The CLI prints the API's JSON
# ------------------------------------------------------------------------------------------


@pytest.fixture
def cli_store(tmp_path: Path, cli_uses: Callable[[EmbeddedStore], None]) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "data")
    ingest_package(store, PACKAGE)
    cli_uses(store)
    return store


@pytest.mark.parametrize(
    ("args", "query"),
    [
        ([], ""),  # defaults
        (["--window-days", "2000", "--min-agencies", "2"], "?window_days=2000&min_agencies=2"),
        (["--country", "KE", "--theme", "water"], "?country=KE&theme=water"),
        (["--agency", "UNICEF", "--limit", "1"], "?agency=UNICEF&limit=1"),
        (["--since", "2012-03-12", "--until", "2012-03-31"], "?since=2012-03-12&until=2012-03-31"),
    ],
)
def test_cli_json_equals_api(cli_store: EmbeddedStore, args: list[str], query: str) -> None:
    result = CliRunner().invoke(cli_app, ["duplication", *args, "--json"])
    assert result.exit_code == 0, result.output
    with TestClient(_app(cli_store)) as client:
        assert json.loads(result.stdout) == client.get("/api/duplication" + query).json()


def test_cli_table_and_bad_parameter(cli_store: EmbeddedStore) -> None:
    runner = CliRunner()
    table = runner.invoke(cli_app, ["duplication"])
    assert table.exit_code == 0, table.output
    assert "AQUA" in table.stdout and "6.81" in table.stdout
    bad = runner.invoke(cli_app, ["duplication", "--since", "nope"])
    assert bad.exit_code == 2 and "since" in bad.stderr
    assert runner.invoke(cli_app, ["duplication", "--min-agencies", "1"]).exit_code == 2
