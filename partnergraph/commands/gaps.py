"""``partnergraph gaps``: the answer of ``GET /api/gaps`` on the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from partnergraph.commands import answer_question
from queries.gaps import (
    DEFAULT_EXPIRY_DAYS,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    GapKind,
    InvalidGapQuery,
    find_gaps,
)


def _table(answer: dict[str, Any]) -> Table:
    counts = ", ".join(f"{kind} {n}" for kind, n in answer["counts"].items())
    table = Table(title=f"Coordination gaps as of {answer['as_of']}: {counts}")
    table.add_column("score", justify="right")
    table.add_column("kind")
    table.add_column("detail")
    for item in answer["items"]:
        table.add_row(f"{item['score']:.2f}", item["kind"], item["detail"])
    return table


def register(app: typer.Typer) -> None:
    """Add ``partnergraph gaps`` to the command-line app."""

    @app.command()
    def gaps(
        kind: Annotated[
            GapKind | None, typer.Option(help="one kind of gap (default: all four)")
        ] = None,
        country: Annotated[
            str | None, typer.Option(help="ISO 3166-1 alpha-2 code or English name")
        ] = None,
        theme: Annotated[str | None, typer.Option(help="theme slug, e.g. water")] = None,
        agency: Annotated[str | None, typer.Option(help="agency id, e.g. UNICEF")] = None,
        as_of: Annotated[
            dt.datetime | None,
            typer.Option(
                formats=["%Y-%m-%d"], help="the day screenings are judged on (default: today)"
            ),
        ] = None,
        expiry_days: Annotated[
            int, typer.Option(min=0, help="days a screening clearance stays valid")
        ] = DEFAULT_EXPIRY_DAYS,
        limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="items")] = DEFAULT_LIMIT,
        json_out: Annotated[bool, typer.Option("--json", help="print the API's JSON")] = False,
    ) -> None:
        """Where agencies work past each other: parallel efforts, countries without a formal
        local network, partnerships with companies not cleared, commitments no convener
        follows up."""
        answer_question(
            lambda store: find_gaps(
                store,
                kind=kind.value if kind else None,
                country=country,
                theme=theme,
                agency=agency,
                as_of=as_of.date() if as_of else dt.date.today(),
                expiry_days=expiry_days,
                limit=limit,
            ),
            InvalidGapQuery,
            json_out,
            _table,
        )
