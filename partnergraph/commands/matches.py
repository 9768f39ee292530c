"""``partnergraph match need ID`` / ``match company ID``: the partner hub's matches on the
command line, the same answers as ``GET /api/matches/needs/{id}`` and
``GET /api/matches/companies/{id}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.table import Table

from partnergraph.commands import answer_question, parse_day
from queries.matchmaking import (
    DEFAULT_LIMIT,
    FEATURES,
    MAX_LIMIT,
    InvalidMatchParameter,
    match_company,
    match_need,
)

LimitOption = Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="how many matches to show")]
WeightOption = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        help=f"FEATURE=VALUE, repeatable; features: {', '.join(FEATURES)}",
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="an id already rejected (repeatable)"),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="the day the answer is for (YYYY-MM-DD; today)")
]
JsonOption = Annotated[bool, typer.Option("--json", help="print the API's JSON")]


def parse_weights(pairs: list[str] | None) -> dict[str, float]:
    """``["theme=0.5", "w_country=1"]`` → ``{"theme": 0.5, "w_country": 1.0}``.

    >>> parse_weights(["theme=0.5"])
    {'theme': 0.5}
    """
    weights: dict[str, float] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        try:
            if not sep:
                raise ValueError
            weights[name.strip()] = float(value)
        except ValueError as exc:
            raise typer.BadParameter(
                f"{pair!r} is not FEATURE=NUMBER", param_hint="--weight"
            ) from exc
    return weights


def _why(item: dict[str, Any]) -> str:
    """The two features that added most to the score, and the penalty if there is one."""
    ranked = sorted(item["explanation"], key=lambda e: -e["contribution"])
    parts = [e["detail"] for e in ranked[:2] if e["contribution"] > 0]
    parts += [e["detail"] for e in item["explanation"] if e["contribution"] < 0]
    return "; ".join(parts)


def _need_table(answer: dict[str, Any]) -> Table:
    need = answer["need"]
    table = Table(title=f"Companies for {need['id']} ({need['agency']}): {need['title']}")
    for name, justify in (("#", "right"), ("score", "right"), ("company", "left"),
                          ("country", "left"), ("sector", "left"), ("screening", "left"),
                          ("why", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for rank, item in enumerate(answer["items"], 1):
        company = item["company"]
        table.add_row(
            str(rank),
            f"{item['score']:.4f}",
            f"{company['name'] or ''} ({company['id']})",
            company["country"] or "",
            company["sector"] or "",
            " ".join([item["screening_status"], *item["screening_codes"]]),
            _why(item),
        )
    return table


def _company_table(answer: dict[str, Any]) -> Table:
    company = answer["company"]
    table = Table(
        title=f"Open needs for {company['name'] or ''} ({company['id']}), "
        f"screening {company['screening_status']}"
    )
    for name, justify in (("#", "right"), ("score", "right"), ("need", "left"),
                          ("agency", "left"), ("deadline", "left"), ("why", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for rank, item in enumerate(answer["items"], 1):
        need = item["need"]
        table.add_row(
            str(rank),
            f"{item['score']:.4f}",
            f"{need['title'] or ''} ({need['id']})",
            need["agency"],
            need["deadline"] or "",
            _why(item),
        )
    return table


def _run(
    query: Callable[..., dict[str, Any]],
    node_id: str,
    limit: int,
    weight: list[str] | None,
    exclude: list[str] | None,
    as_of: str | None,
    json_out: bool,
    table: Callable[[dict[str, Any]], Table],
) -> None:
    weights = parse_weights(weight)
    day = parse_day(as_of)
    answer_question(
        lambda store: query(
            store, node_id, limit=limit, weights=weights, exclude=exclude or (), as_of=day
        ),
        InvalidMatchParameter,
        json_out,
        table,
    )


def register(app: typer.Typer) -> None:
    """Add the ``partnergraph match`` command group to the command-line app."""
    match = typer.Typer(
        name="match",
        help="Matchmaking on the partner hub: companies for a need, open needs for a company.",
        no_args_is_help=True,
    )

    @match.command("need")
    def need(
        need_id: Annotated[str, typer.Argument(metavar="ID", help="the need's id")],
        limit: LimitOption = DEFAULT_LIMIT,
        weight: WeightOption = None,
        exclude: ExcludeOption = None,
        as_of: AsOfOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Companies for an agency's need, best first (blocked companies never appear)."""
        _run(match_need, need_id, limit, weight, exclude, as_of, json_out, _need_table)

    @match.command("company")
    def company(
        company_id: Annotated[str, typer.Argument(metavar="ID", help="the company's id")],
        limit: LimitOption = DEFAULT_LIMIT,
        weight: WeightOption = None,
        exclude: ExcludeOption = None,
        as_of: AsOfOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Open needs for a company, best first."""
        _run(match_company, company_id, limit, weight, exclude, as_of, json_out, _company_table)

    app.add_typer(match, name="match")
