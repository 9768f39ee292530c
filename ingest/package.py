"""Reading a data package from a folder or a zip, without interpreting it."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ingest.schema import FILES_BY_NAME


class PackageError(Exception):
    """The package as a whole cannot be read (missing, not a folder or zip, no files)."""


@dataclass
class RawFile:
    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells); the header is line 1
    error: str | None = None  # a reason the file could not be read at all


@dataclass
class RawPackage:
    name: str
    sha256: str
    files: dict[str, RawFile] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def _parse_csv(name: str, data: bytes) -> RawFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return RawFile(name, [], [], error=f"not UTF-8 (byte {exc.start})")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return RawFile(name, [], [], error="the file is empty (no header row)")
        rows: list[tuple[int, list[str]]] = []
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        return RawFile(name, [], [], error=f"not valid CSV near line {reader.line_num}: {exc}")
    return RawFile(name, [h.strip() for h in header], rows)


def read_package(path: Path | str) -> RawPackage:
    """Read every known CSV of a package folder or ``.zip`` (files may sit one folder deep).

    The package name is the folder's or zip's name; the hash covers the known files' bytes.
    """
    path = Path(path)
    blobs: dict[str, bytes] = {}
    ignored: list[str] = []
    if path.is_dir():
        name = path.resolve().name
        for candidate in sorted(path.rglob("*")):
            if not candidate.is_file():
                continue
            rel = candidate.relative_to(path)
            if candidate.name in FILES_BY_NAME and len(rel.parts) <= 2:
                if candidate.name in blobs:
                    raise PackageError(f"{candidate.name} appears twice in {path}")
                blobs[candidate.name] = candidate.read_bytes()
            elif not candidate.name.startswith("."):
                ignored.append(str(rel))
    elif path.is_file() and zipfile.is_zipfile(path):
        name = path.stem
        with zipfile.ZipFile(path) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.is_dir():
                    continue
                pure = PurePosixPath(info.filename)
                if pure.name in FILES_BY_NAME and len(pure.parts) <= 2:
                    if pure.name in blobs:
                        raise PackageError(f"{pure.name} appears twice in {path}")
                    blobs[pure.name] = zf.read(info)
                elif not pure.name.startswith(".") and "__MACOSX" not in pure.parts:
                    ignored.append(info.filename)
    elif path.exists():
        raise PackageError(f"{path} is neither a folder nor a zip file")
    else:
        raise PackageError(f"{path} does not exist")
    if not blobs:
        known = ", ".join(sorted(FILES_BY_NAME))
        raise PackageError(f"{path} holds none of the package files ({known})")
    digest = hashlib.sha256()
    for fname in sorted(blobs):
        digest.update(fname.encode() + b"\0" + hashlib.sha256(blobs[fname]).digest())
    package = RawPackage(name=name, sha256=digest.hexdigest(), ignored=ignored)
    for fname in sorted(blobs):
        package.files[fname] = _parse_csv(fname, blobs[fname])
    return package
