"""``partnergraph screen ID``: the answer of ``GET /api/screening/{id}`` on the command line."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from partnergraph.commands import answer_question, parse_day
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
        day = parse_day(as_of)
        answer_question(
            lambda store: screen_company(store, company_id, as_of=day, expiry_days=expiry_days),
            InvalidScreeningParameter,
            json_out,
            _table,
        )
