"""The HTTP API on both stores: health, lists, the company record, error shapes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import Store, StoreUnavailable
from ingest.load import ingest_package
from partnergraph.config import Settings

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    ingest_package(store, SMALL)
    with TestClient(create_app(Settings(), store=store)) as test_client:
        yield test_client


def test_health_counts_what_was_loaded(client: TestClient, store: Store) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["backend"] == store.backend
    assert body["counts"]["Company"] == 5 and body["counts"]["Agency"] == 3


@pytest.mark.parametrize(
    ("path", "ids"),
    [
        ("/api/companies?country=KE", ["ACMEF", "ACMEM", "SAF"]),  # HQ country
        ("/api/companies?q=coca", ["KO"]),  # a substring of the name
        ("/api/companies?q=COCA-COLA CO", ["KO"]),  # an alias written by another agency
        ("/api/agencies?theme=food", ["WFP"]),
        ("/api/initiatives?convener=UNDP", ["SE4ALL"]),
        ("/api/networks?region=Americas", ["LN-BR"]),
        ("/api/partnerships?agency=UNICEF", ["P1", "P2"]),
        ("/api/partnerships?company=KO", ["P1"]),
        ("/api/needs?resource=logistics", ["N1"]),
        ("/api/approaches?company=KO", ["A1", "A2"]),
    ],
)
def test_lists_filter(client: TestClient, path: str, ids: list[str]) -> None:
    body = client.get(path).json()
    assert [item["id"] for item in body["items"]] == ids
    assert body["total"] == len(ids)


def test_paging(client: TestClient) -> None:
    body = client.get("/api/companies?limit=2&offset=1").json()
    assert [c["id"] for c in body["items"]] == ["ACMEM", "KO"]
    assert body["total"] == 5


def test_company_record(client: TestClient) -> None:
    body = client.get("/api/companies/KO").json()
    assert body["name"] == "The Coca-Cola Company"
    assert body["sources"][0] == "small/companies.csv#2"
    agencies = {a["id"]: a for a in body["agencies"]}
    assert set(agencies) == {"UNDP", "UNICEF", "WFP"}
    assert [e["kind"] for e in agencies["UNICEF"]["engagements"]] == ["partnership", "screening"]
    assert body["screening"]["screenings"][0]["outcome"] == "cleared"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/companies/NOPE", 404, "not_found"),  # unknown id
        ("/api/companies?limit=0", 422, "invalid_parameter"),  # limit below 1
        ("/api/companies?limit=many", 422, "invalid_parameter"),  # not a number
        ("/api/nothing-here", 404, "not_found"),  # unknown route
    ],
)
def test_errors_have_one_shape(client: TestClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


class _DownStore:
    backend = "neo4j"

    def ping(self) -> None:
        raise StoreUnavailable("down")

    def find_nodes(self, *args: object, **kwargs: object) -> None:
        raise StoreUnavailable("down")

    def close(self) -> None:
        pass


def test_health_is_503_while_the_store_is_down() -> None:
    # A stand-in for a store whose server has gone away (the real server cases are above).
    app = create_app(Settings(), store=_DownStore())  # type: ignore[arg-type]
    with TestClient(app) as down:
        response = down.get("/health")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        listed = down.get("/api/companies")
        assert listed.status_code == 503
        assert listed.json()["error"]["code"] == "unavailable"
