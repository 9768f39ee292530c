"""Mojibake (UTF-8 read as cp1252) in the real files: repaired where it is wholly that, kept
as written where it is not, and the name as written kept as an alias."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import Store
from ingest.importers.base import read_rows, repair_mojibake
from ingest.importers.run import import_source
from tests.real_data import real_data_dir

PARTICIPANTS = "ungc/participants-cop-2017.csv"
WORLD_BANK = "screening/world-bank-ineligible-firms-2025-01-07.csv"


def _cell(path: Path, line: int, column: str) -> str:
    return next(cells[column] for n, cells in read_rows(path) if n == line)


@pytest.mark.parametrize(
    ("file", "line", "column", "repaired"),
    [
        # participants-cop-2017.csv: ü, Ó, ² and Ñ/Í (whose second byte is undefined in cp1252)
        (
            PARTICIPANTS,
            3811,
            "participant_name",
            "GIZ - Deutsche Gesellschaft für Internationale Zusammenarbeit GmbH",
        ),
        (PARTICIPANTS, 893, "participant_name", "AUTOMATIZACIÓN AVANZADA S.A."),
        (PARTICIPANTS, 3854, "participant_name", "gmc² GmbH"),
        (PARTICIPANTS, 7080, "participant_name", "PROSEGUR COMPAÑÍA DE SEGURIDAD S.A."),
        # the 2009 register's one damaged name
        (
            "ungc/organizations-2009.csv",
            1907,
            "name",
            "Centro Comercial e Industrial de Rafaela y Región",
        ),
        # proper accents are not mojibake, although Ã and Â stand in them: unchanged
        (WORLD_BANK, 317, "firm_name", None),
        (WORLD_BANK, 738, "firm_name", None),
    ],
)
def test_repair_on_real_rows(file: str, line: int, column: str, repaired: str | None) -> None:
    written = _cell(real_data_dir(file) / file, line, column)
    assert repair_mojibake(written) == (repaired or written)


def test_repaired_name_keeps_the_written_one_as_alias(store: Store) -> None:
    real = real_data_dir(PARTICIPANTS)
    report = import_source(store, "ungc-participants", real / PARTICIPANTS)
    assert any("138 names repaired" in note for note in report.notes)
    giz = store.get_node("Company", "gc-4690")
    assert giz is not None
    assert giz["name"] == "GIZ - Deutsche Gesellschaft für Internationale Zusammenarbeit GmbH"
    assert giz["aliases"] == ["GIZ - Deutsche Gesellschaft fÃ¼r Internationale Zusammenarbeit GmbH"]
    # a name without mojibake gets no alias
    musti = store.get_node("Company", "gc-18977")
    assert musti is not None and not musti.get("aliases")
