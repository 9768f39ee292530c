"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest

from tests.real_data import skip_or_fail

pytest_plugins = ["tests.store_fixtures", "tests.browser_fixtures"]

# =====================================================================================
# Real Neo4j for tests (self-contained block; see tests/neo4j_server.py)
#
#   neo4j_uri     session: Bolt URI of a Neo4j server. Uses $NEO4J_URI (with optional
#                 $NEO4J_USER / $NEO4J_PASSWORD) when set; otherwise starts an embedded
#                 Neo4j Community JVM once per session (tools/neo4j-launcher, built with
#                 Maven on first use) and stops it at the end of the session.
#   neo4j_driver  session: official `neo4j` driver connected to neo4j_uri (closed at end).
#
# If no server can be had (no java/mvn, build or startup failure): the tests that need it
# are skipped with the reason, or FAIL when $CI == "true" so CI never silently skips them.
# Tests that use these fixtures should be marked @pytest.mark.neo4j.
# =====================================================================================


def _neo4j_unavailable(reason: str) -> NoReturn:
    skip_or_fail(f"Neo4j test server unavailable: {reason}")


def _neo4j_auth() -> tuple[str, str] | None:
    """Credentials for an external $NEO4J_URI server; the embedded one has auth disabled."""
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_USER"):
        return os.environ["NEO4J_USER"], os.environ.get("NEO4J_PASSWORD", "")
    return None


@pytest.fixture(scope="session")
def neo4j_uri(request: pytest.FixtureRequest) -> Iterator[str]:
    external = os.environ.get("NEO4J_URI", "").strip()
    if external:
        yield external
        return

    from tests.neo4j_server import Neo4jServer, Neo4jServerError, java_available

    if not java_available():
        _neo4j_unavailable("`java` (JDK 17+) is not on PATH; set NEO4J_URI or install a JDK")
    server = Neo4jServer()
    try:
        server.start()
    except Neo4jServerError as exc:
        _neo4j_unavailable(str(exc))
    assert server.uri is not None
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.ensure_newline()
            reporter.write_line(
                f"[neo4j] test server at {server.uri} ready in {server.startup_seconds:.1f}s"
            )
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str) -> Iterator[Any]:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    from graph.neo4j_store import DRIVER_OPTIONS

    driver = GraphDatabase.driver(neo4j_uri, auth=_neo4j_auth(), **DRIVER_OPTIONS)
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, Neo4jError, OSError) as exc:
        driver.close()
        _neo4j_unavailable(f"cannot connect to {neo4j_uri}: {exc}")
    try:
        yield driver
    finally:
        driver.close()


# ==================================== end Neo4j =====================================
