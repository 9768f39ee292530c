"""``GET /api/search`` on both stores: the same answer as ``queries.search.search``, equal
between the stores, and its parameter checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import Store
from partnergraph.cli import DEMO_DIR
from partnergraph.config import Settings
from queries.search import search
from tests.store_fixtures import loaded_package_fixtures

embedded_loaded, neo4j_loaded, store = loaded_package_fixtures(DEMO_DIR)
AS_OF = "2013-06-28"  # the demo's newest activity


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), store=store)) as test_client:
        yield test_client


@pytest.mark.parametrize("q", ["voltnix", "Phopesor Plastics", "unicef", "telecomunications", ""])
def test_answer_is_the_query_function(client: TestClient, store: Store, q: str) -> None:
    response = client.get("/api/search", params={"q": q, "as_of": AS_OF, "limit": 5})
    assert response.status_code == 200
    assert response.json() == search(store, q, 5, as_of=dt.date.fromisoformat(AS_OF))


def test_a_misspelt_company_is_found(client: TestClient) -> None:
    companies = client.get("/api/search", params={"q": "voltnix pharma"}).json()["companies"]
    assert companies and companies[0]["name"].lower().startswith("voltanix")


@pytest.mark.neo4j
def test_both_stores_answer_alike(embedded_loaded: Store, neo4j_loaded: Store) -> None:
    day = dt.date.fromisoformat(AS_OF)
    for q in ("voltnix", "pharma", "unesco", "water brazil", "zzqx"):
        assert search(neo4j_loaded, q, 20, as_of=day) == search(embedded_loaded, q, 20, as_of=day)


@pytest.mark.parametrize(
    "params", [{}, {"q": "x", "limit": 0}, {"q": "x", "limit": 101}, {"q": "x", "as_of": "soon"}]
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    assert "error" in response.json()
