"""``GET /api/gaps``: the answer of ``find_gaps``, bad parameters as 422, and the same JSON as
``partnergraph gaps --json``."""

from __future__ import annotations

import datetime as dt
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
from queries.gaps import find_gaps

GAPS_SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "gaps-small"
AS_OF = dt.date(2013, 6, 1)


def _app(store: Store) -> FastAPI:
    return create_app(Settings(), store=store)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    ingest_package(store, GAPS_SMALL)
    with TestClient(_app(store)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("", {}),  # everything
        ("?kind=parallel-efforts", {"kind": "parallel-efforts"}),  # one kind
        ("?country=TZ&theme=energy", {"country": "TZ", "theme": "energy"}),  # narrowed
        ("?agency=WHO&limit=2", {"agency": "WHO", "limit": 2}),  # one agency, cut short
        ("?kind=integrity&expiry_days=30", {"kind": "integrity", "expiry_days": 30}),
    ],
)
def test_route_answers_what_find_gaps_answers(
    client: TestClient, store: Store, query: str, params: dict[str, Any]
) -> None:
    sep = "&" if query else "?"
    response = client.get(f"/api/gaps{query}{sep}as_of=2013-06-01")
    assert response.status_code == 200
    assert response.json() == find_gaps(store, as_of=AS_OF, **params)


def test_as_of_defaults_to_today(client: TestClient) -> None:
    assert client.get("/api/gaps").json()["as_of"] == dt.date.today().isoformat()


@pytest.mark.parametrize(
    "query",
    [
        "kind=overlaps",  # not one of the four kinds
        "limit=0",  # below 1
        "limit=1001",  # above the maximum
        "expiry_days=-1",  # negative
        "as_of=June",  # not a date
        "country=Atlantis",  # not a country
    ],
)
def test_bad_parameters_are_422(client: TestClient, query: str) -> None:
    response = client.get(f"/api/gaps?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_parameter"


@pytest.fixture
def runner(embedded_store: EmbeddedStore, cli_uses: Callable[[EmbeddedStore], None]) -> CliRunner:
    cli_uses(embedded_store)
    return CliRunner()


@pytest.mark.parametrize(
    ("args", "query"),
    [
        ([], ""),  # everything
        (["--kind", "no-local-network"], "kind=no-local-network"),
        (["--country", "Tanzania", "--theme", "energy"], "country=Tanzania&theme=energy"),
        (["--agency", "UNICEF", "--limit", "1"], "agency=UNICEF&limit=1"),
        (["--kind", "integrity", "--expiry-days", "30"], "kind=integrity&expiry_days=30"),
    ],
)
def test_cli_json_equals_api(
    runner: CliRunner, embedded_store: EmbeddedStore, args: list[str], query: str
) -> None:
    ingest_package(embedded_store, GAPS_SMALL)
    result = runner.invoke(cli_app, ["gaps", *args, "--as-of", "2013-06-01", "--json"])
    assert result.exit_code == 0, result.output
    with TestClient(_app(embedded_store)) as client:
        api = client.get(f"/api/gaps?{query}&as_of=2013-06-01").json()
    assert json.loads(result.stdout) == api
    assert api["items"]


def test_cli_table_and_errors(runner: CliRunner, embedded_store: EmbeddedStore) -> None:
    ingest_package(embedded_store, GAPS_SMALL)
    result = runner.invoke(cli_app, ["gaps", "--as-of", "2013-06-01"])
    assert result.exit_code == 0, result.output
    assert "parallel-efforts" in result.stdout
    assert runner.invoke(cli_app, ["gaps", "--kind", "overlaps"]).exit_code == 2
    assert runner.invoke(cli_app, ["gaps", "--country", "Atlantis"]).exit_code == 2
