"""Smoke tests for the session's real Neo4j server (tests/neo4j_server.py, conftest.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

pytestmark = pytest.mark.neo4j


@pytest.mark.parametrize("value", [42, "Ünïcødé", [1, 2, 3], {"a": 1.5}, None])
def test_parameterised_query_round_trips(neo4j_driver: Any, value: object) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN $x AS x", x=value)
    assert len(records) == 1
    assert records[0]["x"] == value


def test_create_read_and_delete_node(neo4j_driver: Any) -> None:
    tag = uuid.uuid4().hex  # unique, so this is safe on a shared $NEO4J_URI server too
    with neo4j_driver.session() as session:
        try:
            summary = session.run(
                "CREATE (n:PartnergraphSmokeTest {tag: $tag, name: $name})",
                tag=tag,
                name="UNICEF x Acme",
            ).consume()
            assert summary.counters.nodes_created == 1

            record = session.run(
                "MATCH (n:PartnergraphSmokeTest {tag: $tag}) RETURN n.name AS name, count(*) AS c",
                tag=tag,
            ).single()
            assert record is not None
            assert record["name"] == "UNICEF x Acme"
            assert record["c"] == 1
        finally:
            session.run(
                "MATCH (n:PartnergraphSmokeTest {tag: $tag}) DETACH DELETE n", tag=tag
            ).consume()

        left = session.run(
            "MATCH (n:PartnergraphSmokeTest {tag: $tag}) RETURN count(n) AS c", tag=tag
        ).single()
        assert left is not None and left["c"] == 0
