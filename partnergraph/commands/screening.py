"""``partnergraph screen ID``: the answer of ``GET /api/screening/{id}`` on the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from queries.catalog import NotFound
from queries.screening import DEFAULT_EXPIRY_DAYS, InvalidScreeningParameter, screen_company

_STYLE = {"clear": "green", "review": "yellow", "blocked": "red"}


def _table(answer: dict[str, Any]) -> Table:
    company = answer["company"]
    status = answer["status"]
    table = Table(
        title=(
            f"{company['name']} ({company['id']}) on {answer['as_of']}: "
            f"[{_STYLE[status]}]{status}[/{_STYLE[status]}]"
        )
    )
    table.add_column("code")
    table.add_column("detail")
    table.add_column("source")
    for flag in answer["flags"]:
        table.add_row(flag["code"], flag["detail"], flag["source"])
    return table


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD)", param_hint="'--as-of'"
        ) from exc


def register(app: typer.Typer) -> None:
    """Add ``partnergraph screen`` to the command-line app."""

    @app.command()
    def screen(
        company_id: Annotated[str, typer.Argument(help="company id (or a source id)")],
        as_of: Annotated[
            str | None, typer.Option(help="the day to screen on (YYYY-MM-DD); default: today")
        ] = None,
        expiry_days: Annotated[
            int, typer.Option(min=1, help="a clearance older than this many days has expired")
        ] = DEFAULT_EXPIRY_DAYS,
        json_out: Annotated[bool, typer.Option("--json", help="print the API's JSON")] = False,
    ) -> None:
        """Integrity screening of one company: clear, review or blocked, and why."""
        # Imported here: partnergraph.cli imports this module to register the command.
        from partnergraph.cli import _open, _print_json, err, out
        from partnergraph.config import get_settings

        day = _day(as_of)
        store = _open(get_settings())
        try:
            answer = screen_company(store, company_id, as_of=day, expiry_days=expiry_days)
        except NotFound as exc:
            err.print(f"[red]error:[/red] no company with id {company_id!r}")
            raise typer.Exit(1) from exc
        except InvalidScreeningParameter as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        finally:
            store.close()
        if json_out:
            _print_json(answer)
        else:
            out.print(_table(answer))
