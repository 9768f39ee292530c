"""The Neo4j store: the official driver, parameters only, ``UNWIND $rows`` batches.

Labels and relationship types cannot be query parameters in Cypher, so they are checked
against the whitelist of :mod:`graph.model` before they are put into a query's text; every
value travels as a parameter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, LiteralString, cast

from neo4j import (
    Driver,
    GraphDatabase,
    NotificationDisabledCategory,
    Query,
    RoutingControl,
)
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from graph.model import LABELS, check_label, check_rel_type
from graph.store import (
    NodeRow,
    Page,
    Props,
    Related,
    RelRow,
    StoreError,
    StoreUnavailable,
    build_export,
)

BATCH_SIZE = 2000
EXPORT_PAGE = 2000

_SOURCE_RULES = """
SET x.source = coalesce(x.source, row.source),
    x.sources = CASE WHEN row.source IN coalesce(x.sources, []) THEN x.sources
                     ELSE coalesce(x.sources, []) + row.source END
"""


def _q(text: str) -> Query:
    """Wrap query text built only from constants and whitelisted names."""
    return Query(cast(LiteralString, text))


def _chunks(rows: Sequence[Any], size: int = BATCH_SIZE) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


DRIVER_OPTIONS: Final[dict[str, Any]] = {
    # The server warns of every property key or relationship type a query names that no
    # node has yet ("ask" before any approach is loaded, SCREENS on a graph without
    # screenings). Our queries are constant texts written for every package, so those
    # warnings say nothing and would flood the log: the UNRECOGNIZED category is switched off.
    "notifications_disabled_categories": [NotificationDisabledCategory.UNRECOGNIZED],
}


class Neo4jStore:
    """A store backed by a Neo4j 5 server; owns one driver for the life of the process."""

    backend = "neo4j"

    def __init__(self, driver: Driver, database: str = "neo4j", *, own_driver: bool = True):
        self.driver = driver
        self.database = database
        self._own_driver = own_driver

    @classmethod
    def connect(
        cls, uri: str, user: str | None, password: str | None, database: str = "neo4j"
    ) -> Neo4jStore:
        auth = (user or "neo4j", password) if password else None
        driver = GraphDatabase.driver(uri, auth=auth, **DRIVER_OPTIONS)
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, DriverError, OSError) as exc:
            driver.close()
            raise StoreUnavailable(f"cannot reach Neo4j at {uri}") from exc
        return cls(driver, database)

    # -- plumbing ----------------------------------------------------------------------------

    def _run(self, query: str, read: bool = False, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self.driver.execute_query(
                _q(query),
                params,
                database_=self.database,
                routing_=RoutingControl.READ if read else RoutingControl.WRITE,
            )
        except (ServiceUnavailable, AuthError) as exc:
            raise StoreUnavailable("Neo4j is unreachable") from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreError("Neo4j refused a query") from exc
        return [r.data() for r in records]

    def read(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run a constant, read-only Cypher query with parameters (for the query code)."""
        return self._run(query, read=True, **params)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Batches commit one by one; a re-run converges because every write is a MERGE."""
        yield

    # -- schema and writes -------------------------------------------------------------------

    def ensure_schema(self) -> None:
        for label in LABELS:
            name = f"{label.lower()}_id"
            self._run(
                f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            )
        self._run("CREATE INDEX company_name IF NOT EXISTS FOR (n:Company) ON (n.name)")
        self._run("CREATE INDEX company_country IF NOT EXISTS FOR (n:Company) ON (n.country)")

    def upsert_nodes(self, label: str, rows: Sequence[NodeRow]) -> None:
        check_label(label)
        query = (
            f"UNWIND $rows AS row MERGE (x:{label} {{id: row.id}}) SET x += row.props"
            + _SOURCE_RULES
        )
        for chunk in _chunks(rows):
            payload = [{"id": r.id, "props": r.props, "source": r.source} for r in chunk]
            self._run(query, rows=payload)

    def replace_nodes(self, label: str, rows: Sequence[NodeRow]) -> None:
        check_label(label)
        query = f"UNWIND $rows AS row MERGE (x:{label} {{id: row.id}}) SET x = row.props"
        for chunk in _chunks(rows):
            self._run(query, rows=[{"id": r.id, "props": r.props} for r in chunk])

    def upsert_relationships(
        self, rel_type: str, start_label: str, end_label: str, rows: Sequence[RelRow]
    ) -> None:
        check_rel_type(rel_type)
        check_label(start_label)
        check_label(end_label)
        query = (
            f"UNWIND $rows AS row "
            f"MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
            f"MERGE (a)-[x:{rel_type}]->(b) SET x += row.props" + _SOURCE_RULES
        )
        for chunk in _chunks(rows):
            payload = [
                {"start": r.start, "end": r.end, "props": r.props, "source": r.source}
                for r in chunk
            ]
            self._run(query, rows=payload)

    def clear(self) -> None:
        """Delete everything, relationships first, in bounded transactions (a country node
        can hold hundreds of thousands of relationships)."""
        for query in (
            "MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS c",
            "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c",
        ):
            while self._run(query)[0]["c"]:
                pass

    # -- reads -------------------------------------------------------------------------------

    def get_node(self, label: str, node_id: str) -> Props | None:
        check_label(label)
        rows = self._run(
            f"MATCH (n:{label} {{id: $id}}) RETURN properties(n) AS p", read=True, id=node_id
        )
        return rows[0]["p"] if rows else None

    def get_nodes(self, label: str, ids: Iterable[str]) -> dict[str, Props]:
        check_label(label)
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Props] = {}
        for chunk in _chunks(wanted, 10000):
            rows = self._run(
                f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN properties(n) AS p",
                read=True,
                ids=list(chunk),
            )
            found.update({r["p"]["id"]: r["p"] for r in rows})
        return found

    def iter_nodes(self, label: str) -> Iterator[Props]:
        check_label(label)
        rows = self._run(f"MATCH (n:{label}) RETURN properties(n) AS p ORDER BY n.id", read=True)
        for r in rows:
            yield r["p"]

    def existing_ids(self, label: str, ids: Iterable[str]) -> set[str]:
        return set(self.get_nodes(label, ids))

    def find_nodes(
        self,
        label: str,
        *,
        equals: dict[str, Any] | None = None,
        contains: dict[str, Any] | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        check_label(label)
        match = (
            f"MATCH (n:{label}) "
            "WHERE all(f IN $equals WHERE n[f[0]] = f[1]) "
            "AND all(f IN $contains WHERE f[1] IN coalesce(n[f[0]], [])) "
            "AND ($q IS NULL OR any(t IN [n.id, n.name, n.title] + coalesce(n.aliases, []) "
            "     WHERE t IS NOT NULL AND toLower(t) CONTAINS $q)) "
        )
        params: dict[str, Any] = {
            "equals": [[k, v] for k, v in (equals or {}).items()],
            "contains": [[k, v] for k, v in (contains or {}).items()],
            "q": q.lower() if q else None,
        }
        total = self._run(match + "RETURN count(n) AS total", read=True, **params)
        rows = self._run(
            match + "RETURN properties(n) AS p ORDER BY n.id SKIP $offset LIMIT $limit",
            read=True,
            offset=offset,
            limit=limit,
            **params,
        )
        return Page(items=[r["p"] for r in rows], total=total[0]["total"])

    def related(
        self, label: str, node_id: str, rel_type: str, direction: str, other_label: str
    ) -> list[Related]:
        check_label(label)
        check_label(other_label)
        check_rel_type(rel_type)
        if direction == "out":
            pattern = f"(n:{label} {{id: $id}})-[r:{rel_type}]->(o:{other_label})"
        elif direction == "in":
            pattern = f"(n:{label} {{id: $id}})<-[r:{rel_type}]-(o:{other_label})"
        else:
            raise ValueError(f"direction must be 'in' or 'out', not {direction!r}")
        rows = self._run(
            f"MATCH {pattern} RETURN properties(r) AS r, properties(o) AS o ORDER BY o.id",
            read=True,
            id=node_id,
        )
        return [Related(rel_type, row["r"], other_label, row["o"]) for row in rows]

    def counts(self) -> dict[str, int]:
        result = {}
        for label in LABELS:
            rows = self._run(f"MATCH (n:{label}) RETURN count(n) AS c", read=True)
            result[label] = rows[0]["c"]
        return result

    def export(self) -> dict[str, Any]:
        """Read the whole graph in pages keyed on the id index, so that no transaction has to
        hold more than one page however large the graph is."""
        nodes: list[tuple[str, Props]] = []
        rels: list[tuple[str, str, str, str, str, Props]] = []
        for label in LABELS:
            after: str | None = None
            while True:
                page = self._run(
                    f"MATCH (n:{label}) WHERE $after IS NULL OR n.id > $after "
                    "WITH n ORDER BY n.id LIMIT $size "
                    "OPTIONAL MATCH (n)-[r]->(b) "
                    "RETURN n.id AS id, properties(n) AS p, "
                    "collect(CASE WHEN r IS NULL THEN NULL ELSE "
                    "[type(r), labels(b)[0], b.id, properties(r)] END) AS out "
                    "ORDER BY id",
                    read=True,
                    after=after,
                    size=EXPORT_PAGE,
                )
                for row in page:
                    nodes.append((label, row["p"]))
                    for rel_type, end_label, end_id, props in row["out"]:
                        rels.append((rel_type, label, row["id"], end_label, end_id, props))
                if len(page) < EXPORT_PAGE:
                    break
                after = page[-1]["id"]
        return build_export(nodes, rels)

    def ping(self) -> None:
        try:
            self.driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, DriverError, OSError) as exc:
            raise StoreUnavailable("Neo4j is unreachable") from exc

    def close(self) -> None:
        if self._own_driver:
            self.driver.close()
