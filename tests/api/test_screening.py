"""``GET /api/screening/{id}`` on both stores, its 404 and 422s, and the CLI's
``partnergraph screen --json`` printing exactly the API's answer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

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
from queries.screening import screen_company
from tests.store_fixtures import loaded_package_fixtures

PACKAGE = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "screening-basic"


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
    ("path", "company", "as_of", "expiry_days"),
    [
        ("C-ACMEM?as_of=2024-06-30", "C-ACMEM", dt.date(2024, 6, 30), 365),  # blocked
        ("C-ACMEM?as_of=2024-07-01", "C-ACMEM", dt.date(2024, 7, 1), 365),  # debarment over
        ("C-STALE?as_of=2024-06-30", "C-STALE", dt.date(2024, 6, 30), 365),  # expired
        ("C-STALE?as_of=2024-06-30&expiry_days=800", "C-STALE", dt.date(2024, 6, 30), 800),
        ("C-MANY?as_of=2024-06-30", "C-MANY", dt.date(2024, 6, 30), 365),  # several flags
        ("C-KO-2?as_of=2024-06-30", "C-KO", dt.date(2024, 6, 30), 365),  # a merged source id
    ],
)
def test_answer_is_the_query_functions(
    client: TestClient, store: Store, path: str, company: str, as_of: dt.date, expiry_days: int
) -> None:
    response = client.get("/api/screening/" + path)
    assert response.status_code == 200
    expected = screen_company(store, company, as_of=as_of, expiry_days=expiry_days)
    assert response.json() == json.loads(json.dumps(expected))


def test_answer_shape_and_default_day(client: TestClient) -> None:
    body = client.get("/api/screening/C-TIOBARAN").json()
    assert set(body) == {"company", "status", "flags", "as_of"}
    assert body["as_of"] == dt.date.today().isoformat()
    assert body["company"] == {"id": "C-TIOBARAN", "name": "Tiobaran Trading Company"}
    assert body["status"] == "review"
    assert {f["code"] for f in body["flags"]} >= {"EXCLUSION_POSSIBLE_MATCH"}
    for flag in body["flags"]:
        assert set(flag) == {"code", "detail", "source"} and flag["source"]


def test_unknown_company_is_404(client: TestClient) -> None:
    response = client.get("/api/screening/NOPE?as_of=2024-06-30")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("as_of=2024-13-01", "as_of"),  # no such month
        ("as_of=2024-02-30", "as_of"),  # no such day
        ("as_of=yesterday", "as_of"),  # not a date
        ("expiry_days=0", "expiry_days"),  # below 1
        ("expiry_days=-30", "expiry_days"),  # negative
        ("expiry_days=a-year", "expiry_days"),  # not a number
    ],
)
def test_bad_parameters_are_422(embedded_client: TestClient, query: str, field: str) -> None:
    response = embedded_client.get("/api/screening/C-CLEAR?" + query)
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
    ("args", "path"),
    [
        (["C-ACMEM", "--as-of", "2024-06-30"], "C-ACMEM?as_of=2024-06-30"),  # blocked
        (["C-MANY", "--as-of", "2024-06-30"], "C-MANY?as_of=2024-06-30"),  # four flags
        (
            ["C-STALE", "--as-of", "2024-06-30", "--expiry-days", "800"],
            "C-STALE?as_of=2024-06-30&expiry_days=800",
        ),
        (["C-KO-2"], "C-KO-2"),  # today, a merged source id
    ],
)
def test_cli_json_equals_api(cli_store: EmbeddedStore, args: list[str], path: str) -> None:
    result = CliRunner().invoke(cli_app, ["screen", *args, "--json"])
    assert result.exit_code == 0, result.output
    with TestClient(_app(cli_store)) as client:
        assert json.loads(result.stdout) == client.get("/api/screening/" + path).json()


def test_cli_table_and_errors(cli_store: EmbeddedStore) -> None:
    runner = CliRunner()
    table = runner.invoke(cli_app, ["screen", "C-ACMEM", "--as-of", "2024-06-30"])
    assert table.exit_code == 0, table.output
    assert "EXCLUSION_MATCH" in table.stdout and "blocked" in table.stdout
    unknown = runner.invoke(cli_app, ["screen", "NOPE"])
    assert unknown.exit_code == 1 and "NOPE" in unknown.stderr
    bad_day = runner.invoke(cli_app, ["screen", "C-CLEAR", "--as-of", "2024-13-01"])
    assert bad_day.exit_code == 2 and "as-of" in bad_day.stderr
    bad_expiry = runner.invoke(cli_app, ["screen", "C-CLEAR", "--expiry-days", "0"])
    assert bad_expiry.exit_code == 2
