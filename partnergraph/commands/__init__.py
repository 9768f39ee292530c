"""The question commands (`duplication`, `gaps`, `match`, `screen`): each module adds its
commands with ``register(app)``; what they share lives here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import typer
from rich.table import Table

from graph.store import Store
from queries.catalog import NotFound

Answer = dict[str, Any]


def parse_day(text: str | None, option: str = "--as-of") -> dt.date:
    """A ``YYYY-MM-DD`` option as a date; today when absent."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)", param_hint=option) from exc


def answer_question(
    compute: Callable[[Store], Answer],
    invalid: type[Exception],
    json_out: bool,
    table: Callable[[Answer], Table],
) -> None:
    """Open the store, compute the answer, print the API's JSON or a table.

    Exit 1 for an unknown id, 2 for a parameter the query refuses (``invalid``).
    """
    # Imported here: partnergraph.cli imports the command modules to register them.
    from partnergraph.cli import _open, _print_json, err, out
    from partnergraph.config import get_settings

    store = _open(get_settings())
    try:
        answer = compute(store)
    except NotFound as exc:
        err.print(f"[red]error:[/red] no such id: {exc.args[0]}")
        raise typer.Exit(1) from exc
    except invalid as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    if json_out:
        _print_json(answer)
    else:
        out.print(table(answer))
