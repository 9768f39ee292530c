"""The command line: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from graph.store import Store, StoreError, StoreUnavailable, canonical_json
from partnergraph.config import Settings, get_settings

app = typer.Typer(
    name="partnergraph",
    help="A knowledge graph of partnerships between UN agencies and business.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)

DEMO_DIR = Path(__file__).parent / "demo"


def _open(settings: Settings) -> Store:
    from api.app import store_from_settings

    try:
        return store_from_settings(settings)
    except StoreUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


@contextmanager
def stage_progress(quiet: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """A ``progress(stage, done, total)`` callback for the library that draws one bar per
    stage on stderr while the block runs (nothing when ``quiet``)."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield progress


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _report_paths(settings: Settings, package: str, report: Path | None) -> tuple[Path, Path]:
    if report is None:
        report = settings.data_dir / "reports" / f"{package}.report.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    rejects = report.with_name(report.name.removesuffix(".json") + ".rejects.csv")
    return report, rejects


def run_ingest(
    settings: Settings,
    path: Path,
    skip_invalid: bool,
    report_file: Path | None,
    quiet: bool = False,
) -> int:
    """Ingest a package and print what happened; returns the exit code."""
    from ingest.load import IngestReport, InvalidPackage, PackageError, ingest_package

    store = _open(settings)
    try:
        with stage_progress(quiet) as progress:
            try:
                result: IngestReport = ingest_package(
                    store, path, skip_invalid=skip_invalid, progress=progress
                )
            except InvalidPackage as exc:
                result = exc.report
        report_path, rejects_path = _report_paths(settings, result.package, report_file)
        report_path.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        if result.rejected_rows:
            result.write_rejects(rejects_path)
        if not result.written:
            err.print(f"[red]invalid package {result.package}[/red]: nothing was written.")
            for problem in result.problems[:50]:
                err.print(f"  {problem}")
            if len(result.problems) > 50:
                err.print(f"  … and {len(result.problems) - 50} more")
            err.print(f"Report: {report_path}")
            err.print(f"Rejected rows: {rejects_path}")
            err.print("Fix the rows, or load the valid ones with --skip-invalid.")
            return 2
        if not quiet:
            _print_ingest_summary(result)
        if result.rejected_rows:
            err.print(
                f"[yellow]{len(result.rejected_rows)} row(s) rejected[/yellow], "
                f"written to {rejects_path}"
            )
        err.print(f"Report: {report_path}")
        return 0
    except PackageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        return 2
    except (StoreError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        return 1
    finally:
        store.close()


def _print_ingest_summary(result: Any) -> None:
    table = Table(title=f"{result.package} → {result.backend}")
    table.add_column("file")
    for name in ("read", "loaded", "rejected"):
        table.add_column(name, justify="right")
    for name in result.read:
        table.add_row(
            name,
            str(result.read[name]),
            str(result.loaded.get(name, 0)),
            str(result.rejected.get(name, 0)),
        )
    err.print(table)
    c = result.companies
    err.print(
        f"companies: {c.get('new', 0)} new, {c.get('merged', 0)} name(s) merged into existing, "
        f"{c.get('created_by_reference', 0)} created by reference, "
        f"{c.get('reviews', 0)} pair(s) for review; "
        f"{result.nodes_written} node and {result.relationships_written} relationship rows "
        f"in {result.duration_s:.1f}s"
    )


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="package folder or .zip")],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="load the valid rows, write the rest aside")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="where to write the JSON report (rejects go beside it)")
    ] = None,
) -> None:
    """Validate and load a data package (exit 2 on invalid input, with nothing written)."""
    raise typer.Exit(run_ingest(get_settings(), path, skip_invalid, report))


@app.command()
def stats(json_out: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Node counts per label."""
    settings = get_settings()
    store = _open(settings)
    try:
        counts = store.counts()
    finally:
        store.close()
    if json_out:
        _print_json({"backend": settings.backend, "counts": counts})
        return
    table = Table(title=f"partnergraph ({settings.backend})")
    table.add_column("label")
    table.add_column("nodes", justify="right")
    for label, n in counts.items():
        table.add_row(label, str(n))
    out.print(table)


@app.command()
def export(
    output: Annotated[Path | None, typer.Option("--out", help="file (default: stdout)")] = None,
) -> None:
    """The canonical export: every node and relationship, sorted, as JSON."""
    store = _open(get_settings())
    try:
        data = canonical_json(store.export())
    finally:
        store.close()
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def generate(
    directory: Annotated[Path, typer.Argument(help="folder to write the package to")],
    companies: Annotated[int, typer.Option(min=1, help="number of companies")] = 1000,
    seed: Annotated[int, typer.Option(help="random seed (same seed, same files)")] = 2013,
) -> None:
    """Write a synthetic, realistic data package."""
    from ingest.generate import generate_package

    counts = generate_package(directory, companies=companies, seed=seed)
    for name, n in counts.items():
        err.print(f"{name}: {n} rows")
    err.print(f"Wrote {directory}")


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from api.app import create_app

    out.print(f"partnergraph ({settings.backend}) serving on [bold]http://{host}:{port}[/bold]")
    uvicorn.run(create_app(settings, warm_up=True), host=host, port=port, log_level="info")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
) -> None:
    """Serve the API and the hub pages."""
    _serve(get_settings(), host, port)


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="load only")] = False,
) -> None:
    """Load the bundled demo package into the embedded store and serve the hub."""
    settings = get_settings().model_copy(update={"backend": "embedded"})
    code = run_ingest(settings, DEMO_DIR, skip_invalid=False, report_file=None)
    if code:
        raise typer.Exit(code)
    if not no_serve:
        _serve(settings, host, port)


def _register_question_commands() -> None:
    from partnergraph.commands import duplication, gaps, imports, matches, screening

    imports.register(app)
    duplication.register(app)
    screening.register(app)
    matches.register(app)
    gaps.register(app)


_register_question_commands()


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
