"""The matchmaking routes: the query's answers over HTTP, the CLI's ``--json`` equal to them,
and errors in the API's one shape."""

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
from queries.matchmaking import match_company, match_need, match_needs

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "matches-basic"
AS_OF = dt.date(2013, 6, 30)


def _app(store: Store) -> FastAPI:
    return create_app(Settings(), store=store)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    ingest_package(store, BASIC)
    with TestClient(_app(store)) as test_client:
        yield test_client


def test_routes_answer_what_the_queries_answer(client: TestClient, store: Store) -> None:
    body = client.get("/api/matches/needs/N1?as_of=2013-06-30").json()
    assert body == match_need(store, "N1", as_of=AS_OF)
    assert [i["company"]["id"] for i in body["items"]][:2] == ["GOOD", "T-B"]
    body = client.get("/api/matches/companies/GOOD?as_of=2013-06-30&limit=2").json()
    assert body == match_company(store, "GOOD", limit=2, as_of=AS_OF)
    posted = client.post(
        "/api/matches/needs",
        json={"need_ids": ["N1", "N5"], "limit": 3, "as_of": "2013-06-30"},
    ).json()
    assert posted == match_needs(store, ["N1", "N5"], limit=3, as_of=AS_OF)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # the defaults
        ("", ["GOOD", "T-B", "REVIEW", "T-A", "NETM", "SEC"]),
        # one weight changed: without the penalty T-A ties T-B and wins on its id
        ("&w_coordination=0", ["GOOD", "T-A", "T-B", "REVIEW", "NETM", "SEC"]),
        # exclude is repeatable
        ("&exclude=GOOD&exclude=T-B", ["REVIEW", "T-A", "NETM", "SEC"]),
        # limit
        ("&limit=1", ["GOOD"]),
    ],
)
def test_query_parameters(client: TestClient, query: str, expected: list[str]) -> None:
    body = client.get(f"/api/matches/needs/N1?as_of=2013-06-30{query}").json()
    assert [i["company"]["id"] for i in body["items"]] == expected


def test_post_weights_take_either_name(client: TestClient) -> None:
    answers = [
        client.post(
            "/api/matches/needs",
            json={"need_ids": ["N1"], "as_of": "2013-06-30", "weights": weights},
        ).json()
        for weights in ({"coordination": 0}, {"w_coordination": 0})
    ]
    assert answers[0] == answers[1]
    ids = [i["company"]["id"] for i in answers[0]["results"][0]["items"]]
    assert ids[1:3] == ["T-A", "T-B"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/api/matches/needs/NOPE", None, 404, "not_found"),  # unknown need
        ("GET", "/api/matches/companies/NOPE", None, 404, "not_found"),  # unknown company
        ("POST", "/api/matches/needs", {"need_ids": ["N1", "NOPE"]}, 404, "not_found"),
        ("GET", "/api/matches/needs/N1?w_theme=-1", None, 422, "invalid_parameter"),  # < 0
        ("GET", "/api/matches/needs/N1?w_theme=heavy", None, 422, "invalid_parameter"),
        ("GET", "/api/matches/needs/N1?w_country=inf", None, 422, "invalid_parameter"),
        ("GET", "/api/matches/companies/GOOD?w_proximity=nan", None, 422, "invalid_parameter"),
        ("GET", "/api/matches/needs/N1?limit=0", None, 422, "invalid_parameter"),
        ("GET", "/api/matches/needs/N1?limit=101", None, 422, "invalid_parameter"),
        ("GET", "/api/matches/needs/N1?as_of=yesterday", None, 422, "invalid_parameter"),
        # POST bodies: an unknown weight, a negative one, no needs, an unknown key
        ("POST", "/api/matches/needs", {"need_ids": ["N1"], "weights": {"colour": 1}}, 422,
         "invalid_parameter"),
        ("POST", "/api/matches/needs", {"need_ids": ["N1"], "weights": {"theme": -1}}, 422,
         "invalid_parameter"),
        ("POST", "/api/matches/needs", {"need_ids": []}, 422, "invalid_parameter"),
        ("POST", "/api/matches/needs", {"need_ids": ["N1"], "limt": 3}, 422,
         "invalid_parameter"),
    ],
)  # fmt: skip
def test_errors(
    client: TestClient,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    status: int,
    code: str,
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


# ------------------------------------------------------------------------------------------
# The CLI prints exactly the API's JSON
# ------------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, cli_uses: Callable[[EmbeddedStore], None]) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "data")
    ingest_package(store, BASIC)
    cli_uses(store)
    return store


@pytest.mark.parametrize(
    ("args", "path"),
    [
        # a need, with every kind of option
        (
            ["need", "N1", "--limit", "4", "--weight", "coordination=0", "--weight",
             "w_theme=0.5", "--exclude", "GOOD", "--as-of", "2013-06-30"],
            "/api/matches/needs/N1?limit=4&w_coordination=0&w_theme=0.5&exclude=GOOD"
            "&as_of=2013-06-30",
        ),
        # a company
        (
            ["company", "GOOD", "--exclude", "N4", "--as-of", "2013-06-30"],
            "/api/matches/companies/GOOD?exclude=N4&as_of=2013-06-30",
        ),
        # a blocked company: no needs
        (["company", "PERF", "--as-of", "2013-06-30"],
         "/api/matches/companies/PERF?as_of=2013-06-30"),
    ],
)  # fmt: skip
def test_cli_json_equals_api(cli_env: EmbeddedStore, args: list[str], path: str) -> None:
    result = CliRunner().invoke(cli_app, ["match", *args, "--json"])
    assert result.exit_code == 0, result.output
    with TestClient(_app(cli_env)) as client:
        assert json.loads(result.stdout) == client.get(path).json()


def test_cli_table_and_errors(cli_env: EmbeddedStore) -> None:
    runner = CliRunner()
    table = runner.invoke(cli_app, ["match", "need", "N1", "--as-of", "2013-06-30"])
    assert table.exit_code == 0 and "GOOD" in table.stdout and "PERF" not in table.stdout
    missing = runner.invoke(cli_app, ["match", "need", "NOPE", "--as-of", "2013-06-30"])
    assert missing.exit_code == 1
    bad = runner.invoke(cli_app, ["match", "need", "N1", "--weight", "colour=1"])
    assert bad.exit_code == 2
    malformed = runner.invoke(cli_app, ["match", "need", "N1", "--weight", "theme"])
    assert malformed.exit_code == 2
