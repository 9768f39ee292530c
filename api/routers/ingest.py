"""``POST /api/ingest`` (a data package zip) and ``POST /api/import/{format}`` (a public
source file): the CLI's ``ingest`` and ``import`` over HTTP, for editors only.

Both write to the graph, so both need the editor key (``PARTNERGRAPH_EDITOR_KEY``) in the
``X-Editor-Key`` header: 401 without the header, 403 with a wrong key, and 503 when the
server has no key configured (editing is switched off there; no key could be right). They
answer the same JSON report as the CLI: ``partnergraph ingest``'s report file, and
``partnergraph import --json``.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, Query, UploadFile
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.errors import (
    EditingDisabled,
    Forbidden,
    InvalidUpload,
    NotFoundError,
    Unauthorized,
    error_body,
)
from ingest.importers import FORMATS, UnknownFormat
from ingest.importers.run import import_source
from ingest.load import InvalidPackage, PackageError, ingest_package

router = APIRouter(prefix="/api", tags=["ingest"])

KEY_HEADER = "X-Editor-Key"


def require_editor(
    settings: SettingsDep,
    x_editor_key: Annotated[str | None, Header(description="the editor key")] = None,
) -> None:
    """Let only holders of the configured editor key write to the graph."""
    if settings.editor_key is None or not settings.editor_key.get_secret_value():
        raise EditingDisabled("editing is disabled on this server: no editor key is configured")
    if not x_editor_key:
        raise Unauthorized(f"an editor key is needed in the {KEY_HEADER} header")
    if not secrets.compare_digest(
        x_editor_key.encode(), settings.editor_key.get_secret_value().encode()
    ):
        raise Forbidden("the editor key is wrong")


EditorDep = Annotated[None, Depends(require_editor)]


def _safe_name(filename: str | None, default: str) -> str:
    """The upload's own file name, reduced to safe characters: it names the package (the
    ``source`` prefix), so an upload and the CLI on the same file give the same graph."""
    name = Path(filename or "").name
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")
    return name or default


def _save(upload: UploadFile, folder: Path, default: str) -> Path:
    target = folder / _safe_name(upload.filename, default)
    with target.open("wb") as fh:
        shutil.copyfileobj(upload.file, fh)
    return target


def _unpack_source(archive: Path, folder: Path) -> Path:
    """A zipped source: its folder (a register with its look-up tables) or its one file."""
    target = folder / archive.stem
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.infolist():
                if member.is_dir():
                    continue
                inside = Path(member.filename)
                if inside.is_absolute() or ".." in inside.parts:
                    raise InvalidUpload(f"unsafe path in the zip: {member.filename}")
                dest = target / inside
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out)
    except zipfile.BadZipFile as exc:
        raise InvalidUpload(f"{archive.name} is not a readable zip") from exc
    while True:
        entries = [p for p in target.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(entries) == 1 and entries[0].is_dir():
            target = entries[0]
            continue
        return entries[0] if len(entries) == 1 else target


@router.post("/ingest")
def upload_package(
    store: StoreDep,
    _: EditorDep,
    file: Annotated[UploadFile, File(description="a data package as a .zip")],
    skip_invalid: Annotated[
        bool, Query(description="load the valid rows; the report lists the rejected ones")
    ] = False,
) -> Any:
    """Validate and load a data package; an invalid one is refused whole (422, nothing
    written) unless ``skip_invalid``."""
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        path = _save(file, Path(tmp), "package.zip")
        try:
            report = ingest_package(store, path, skip_invalid=skip_invalid)
        except InvalidPackage as exc:
            body = error_body("invalid_package", str(exc))
            return JSONResponse({**body, "report": exc.report.as_dict()}, status_code=422)
        except PackageError as exc:
            raise InvalidUpload(str(exc)) from exc
    return report.as_dict()


@router.post("/import/{format}")
def upload_source(
    store: StoreDep,
    _: EditorDep,
    format: str,
    file: Annotated[
        UploadFile,
        File(description="the source file, or a .zip of it (a register with its tables)"),
    ],
) -> dict[str, Any]:
    """Convert a public source file with the importer of ``format`` and load it
    (formats and what they become: docs/importers.md)."""
    if format not in FORMATS:
        raise NotFoundError(f"unknown format {format!r}; known: {', '.join(sorted(FORMATS))}")
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        path = _save(file, Path(tmp), "source")
        if path.suffix.lower() == ".zip":
            path = _unpack_source(path, Path(tmp) / "unpacked")
        try:
            report = import_source(store, format, path)
        except UnknownFormat as exc:
            raise NotFoundError(str(exc)) from exc
        except (ValueError, PackageError, UnicodeDecodeError) as exc:
            raise InvalidUpload(f"not a {format} source: {exc}") from exc
    return report.as_dict()
