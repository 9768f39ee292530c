"""Every command and every route is documented in docs/interface.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from typer.main import get_command

from api import pages as api_pages
from api.app import create_app
from partnergraph.cli import app as cli_app
from partnergraph.config import Settings
from viz import routes as viz_routes

DOC = (Path(__file__).resolve().parents[1] / "docs" / "interface.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = get_command(cli_app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def _routes() -> list[str]:
    """Every route: the JSON API's (in the OpenAPI schema) and the hub's HTML pages (not)."""
    routers = (api_pages.router, viz_routes.router)
    pages = {r.path for router in routers for r in router.routes if isinstance(r, APIRoute)}
    return sorted(pages | set(create_app(Settings()).openapi()["paths"]))


@pytest.mark.parametrize("command", _commands())
def test_command_is_documented(command: str) -> None:
    assert f"partnergraph {command}" in DOC


@pytest.mark.parametrize("path", _routes())
def test_route_is_documented(path: str) -> None:
    pattern = re.sub(r"\\\{[^}]+\\\}", r"\\{[^}]+\\}", re.escape(path))
    assert re.search(r"(?<![\w/])" + pattern + r"(?![\w/])", DOC), path
