"""``partnergraph import FORMAT PATH``: load a public source file through its importer.

A thin layer over :func:`ingest.importers.run.import_source`: it draws the progress bar,
prints what was read, created, merged, left unplaced and rejected, and writes the JSON
report (``--json`` prints the same report, which ``POST /api/import/{format}`` answers).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from graph.store import StoreError
from ingest.importers import FORMATS, UnknownFormat
from ingest.importers.run import ImportReport, import_source
from ingest.package import PackageError

SHOWN = 20
"""Unplaced or rejected records listed on the terminal (the report has them all)."""


def _summary(report: ImportReport) -> Table:
    table = Table(title=f"{report.format}: {report.path} → {report.backend} ({report.package})")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_column("detail")
    for kind, n in report.read.items():
        table.add_row("read", str(n), kind)
    for label, n in report.created.items():
        table.add_row("created", str(n), label)
    table.add_row(
        "merged",
        str(report.merged_total),
        ", ".join(f"{method} {n}" for method, n in report.merged.items())
        or "companies resolved into ones already known",
    )
    table.add_row("unplaced", str(len(report.unplaced)), "source records not placed")
    table.add_row("rejected", str(len(report.rejected)), "package rows the validator refused")
    converting = f"of which converting {report.convert_s:.1f}s"
    table.add_row("time", f"{report.duration_s:.1f}s", converting)
    return table


def _print_details(report: ImportReport) -> None:
    from partnergraph.cli import err

    for note in report.notes:
        err.print(f"  {note}")
    reasons = Counter(item.reason for item in report.unplaced)
    for reason, n in reasons.most_common():
        example = next(u.record for u in report.unplaced if u.reason == reason)
        err.print(f"  [yellow]unplaced[/yellow] {n} × {reason} (e.g. {example})")
    for rej in report.rejected[:SHOWN]:
        where = f"{rej.record or rej.file} (package line {rej.line})"
        err.print(f"  [red]rejected[/red] {where}: {'; '.join(rej.reasons)}")
    if len(report.rejected) > SHOWN:
        err.print(f"  … and {len(report.rejected) - SHOWN} more rejected (see the report)")


def run_import(
    format: str, path: Path, report_file: Path | None, json_out: bool, quiet: bool = False
) -> int:
    """Import ``path`` as ``format`` and print what happened; returns the exit code
    (2 for an unknown format or an unreadable source, 1 when the store fails)."""
    from partnergraph.cli import _open, _print_json, _report_paths, err, out, stage_progress
    from partnergraph.config import get_settings

    settings = get_settings()
    store = _open(settings)
    try:
        with stage_progress(quiet) as progress:
            report = import_source(store, format, path, progress=progress)
    except (UnknownFormat, FileNotFoundError, ValueError, PackageError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        return 2
    except (StoreError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        return 1
    finally:
        store.close()
    data = report.as_dict()
    report_path, rejects_path = _report_paths(settings, f"{report.package}.import", report_file)
    report_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if report.ingest and report.ingest.rejected_rows:
        report.ingest.write_rejects(rejects_path)
    if json_out:
        _print_json(data)
    elif not quiet:
        out.print(_summary(report))
        _print_details(report)
    err.print(f"Report: {report_path}")
    return 0


def register(app: typer.Typer) -> None:
    """Add ``partnergraph import`` to the command-line app."""

    @app.command("import")
    def import_(
        format: Annotated[str, typer.Argument(help=f"one of: {', '.join(sorted(FORMATS))}")],
        path: Annotated[Path, typer.Argument(help="the source file (or folder, for a register)")],
        json_out: Annotated[bool, typer.Option("--json", help="print the JSON report")] = False,
        report: Annotated[
            Path | None, typer.Option(help="where to write the JSON report (rejects go beside it)")
        ] = None,
    ) -> None:
        """Convert a public source file (Global Compact lists, UN entities, sanctions and
        debarment lists, SDG partnerships) into a package and load it; see docs/importers.md."""
        raise typer.Exit(run_import(format, path, report, json_out))
