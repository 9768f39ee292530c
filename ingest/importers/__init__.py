"""Importers of public formats: each converts a source file into a data package.

``FORMATS`` maps a format name (as typed on ``partnergraph import FORMAT PATH``) to the module
that defines its ``IMPORTER``; modules load lazily so one broken importer never stops another.
"""

from __future__ import annotations

import importlib

from ingest.importers.base import Converted, Importer, Unplaced

FORMATS: dict[str, str] = {
    "ungc-participants": "ingest.importers.ungc_participants",
    "ungc-register-2009": "ingest.importers.ungc_register",
    "un-entities": "ingest.importers.un_entities",
    "un-sc-sanctions-xml": "ingest.importers.un_sanctions",
    "world-bank-debarred": "ingest.importers.world_bank",
    "sdg-partnerships": "ingest.importers.sdg_partnerships",
}


class UnknownFormat(ValueError):
    """The format is not one of :data:`FORMATS`."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown format {name!r}; known: {', '.join(sorted(FORMATS))}")
        self.format = name


def get_importer(name: str) -> Importer:
    """The importer of format ``name`` (raises :class:`UnknownFormat`)."""
    module_path = FORMATS.get(name)
    if module_path is None:
        raise UnknownFormat(name)
    importer = importlib.import_module(module_path).IMPORTER
    assert isinstance(importer, Importer), f"{module_path}.IMPORTER is not an Importer"
    return importer


__all__ = ["FORMATS", "Converted", "Importer", "UnknownFormat", "Unplaced", "get_importer"]
