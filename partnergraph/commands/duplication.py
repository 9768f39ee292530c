"""``partnergraph duplication``: the answer of ``GET /api/duplication`` on the command line."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from partnergraph.commands import answer_question
from queries.duplication import (
    DEFAULT_LIMIT,
    DEFAULT_MIN_AGENCIES,
    DEFAULT_WINDOW_DAYS,
    MAX_LIMIT,
    InvalidDuplicationParameter,
    find_duplication,
)


def _table(answer: dict[str, Any]) -> Table:
    params = answer["params"]
    table = Table(
        title=(
            f"Duplication: {answer['total']} compan{'y' if answer['total'] == 1 else 'ies'} "
            f"engaged by ≥{params['min_agencies']} agencies within {params['window_days']} days"
        )
    )
    table.add_column("score", justify="right")
    table.add_column("company")
    table.add_column("agencies")
    table.add_column("shared themes")
    table.add_column("shared countries")
    table.add_column("closest", justify="right")
    table.add_column("reasons")
    for item in answer["items"]:
        company = item["company"]
        table.add_row(
            f"{item['score']:.2f}",
            f"{company['name'] or ''} ({company['id']})",
            ", ".join(item["agencies"]),
            ", ".join(item["shared_themes"]),
            ", ".join(item["shared_countries"]),
            f"{item['closest_days']} d",
            ", ".join(item["reasons"]),
        )
    return table


def register(app: typer.Typer) -> None:
    """Add ``partnergraph duplication`` to the command-line app."""

    @app.command()
    def duplication(
        window_days: Annotated[
            int, typer.Option(min=0, help="how many days apart two engagements may be")
        ] = DEFAULT_WINDOW_DAYS,
        min_agencies: Annotated[
            int, typer.Option(min=2, help="agencies a company needs in overlapping pairs")
        ] = DEFAULT_MIN_AGENCIES,
        country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code")] = None,
        theme: Annotated[str | None, typer.Option(help="theme slug, e.g. water")] = None,
        agency: Annotated[str | None, typer.Option(help="agency id, e.g. UNICEF")] = None,
        since: Annotated[
            str | None, typer.Option(help="only engagements on or after (YYYY-MM-DD)")
        ] = None,
        until: Annotated[
            str | None, typer.Option(help="only engagements on or before (YYYY-MM-DD)")
        ] = None,
        limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="items")] = DEFAULT_LIMIT,
        json_out: Annotated[bool, typer.Option("--json", help="print the API's JSON")] = False,
    ) -> None:
        """Companies that several agencies engage at about the same time (who else is
        talking to this company?), most pressing first."""
        answer_question(
            lambda store: find_duplication(
                store,
                window_days=window_days,
                min_agencies=min_agencies,
                country=country,
                theme=theme,
                agency=agency,
                since=since,
                until=until,
                limit=limit,
            ),
            InvalidDuplicationParameter,
            json_out,
            _table,
        )
