"""``POST /api/ingest`` and ``POST /api/import/{format}``: editors only, the CLI's report."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.store import Store
from partnergraph.config import Settings
from tests.real_data import real_data_dir

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"
KEY = "s3cret-editor-key"


def _zip_folder(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{folder.name}/{path.name}")
    return buf.getvalue()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    settings = Settings(editor_key=SecretStr(KEY))
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "unauthorized"),  # no key at all
        ({"X-Editor-Key": "wrong"}, 403, "forbidden"),  # a key, not the right one
    ],
)
def test_writes_need_the_editor_key(
    client: TestClient, store: Store, headers: dict[str, str], status: int, code: str
) -> None:
    files = {"file": ("small.zip", _zip_folder(SMALL), "application/zip")}
    for url in ("/api/ingest", "/api/import/un-entities"):
        response = client.post(url, files=files, headers=headers)
        assert response.status_code == status
        assert response.json()["error"]["code"] == code
    assert store.counts()["Company"] == 0


def test_no_configured_key_switches_editing_off(store: Store) -> None:
    with TestClient(create_app(Settings(editor_key=None), store=store)) as client:
        files = {"file": ("small.zip", _zip_folder(SMALL), "application/zip")}
        response = client.post("/api/ingest", files=files, headers={"X-Editor-Key": "any"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "editing_disabled"


def test_ingest_a_package_zip(client: TestClient, store: Store) -> None:
    files = {"file": ("small.zip", _zip_folder(SMALL), "application/zip")}
    response = client.post("/api/ingest", files=files, headers={"X-Editor-Key": KEY})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["package"] == "small" and body["written"] is True
    assert body["totals"]["rejected"] == 0
    assert store.counts()["Company"] == 5


def test_an_invalid_package_is_refused_whole(client: TestClient, store: Store) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bad/agencies.csv", "id,name,type\nUNX,Agency X,not-a-type\n")
    files = {"file": ("bad.zip", buf.getvalue(), "application/zip")}
    response = client.post("/api/ingest", files=files, headers={"X-Editor-Key": KEY})
    assert response.status_code == 422
    assert response.json()["report"]["totals"]["rejected"] == 1
    assert store.counts()["Agency"] == 0


def test_import_a_source_file(client: TestClient, store: Store) -> None:
    path = real_data_dir("un/un-entities.csv") / "un/un-entities.csv"
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    response = client.post("/api/import/un-entities", files=files, headers={"X-Editor-Key": KEY})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["package"] == "un-entities"  # as from the CLI: the file's own name
    assert body["read"] == {"entities": 169} and body["created"]["Agency"] == 169
    assert store.get_node("Agency", "UNDP") is not None


def test_import_the_register_as_a_zip(client: TestClient, store: Store) -> None:
    folder = real_data_dir("ungc/organizations-2009.csv") / "ungc"
    files = {"file": ("ungc.zip", _zip_folder(folder), "application/zip")}
    response = client.post(
        "/api/import/ungc-register-2009", files=files, headers={"X-Editor-Key": KEY}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["read"]["organisations"] == 10229
    assert body["created"]["LocalNetwork"] == 100


@pytest.mark.parametrize(
    ("url", "content", "status"),
    [
        ("/api/import/no-such-format", b"a,b\n", 404),  # unknown format
        ("/api/import/un-entities", b"name,country\nAcme,FR\n", 422),  # not that format
    ],
)
def test_import_errors(client: TestClient, url: str, content: bytes, status: int) -> None:
    files = {"file": ("source.csv", content, "text/csv")}
    response = client.post(url, files=files, headers={"X-Editor-Key": KEY})
    assert response.status_code == status
    assert "error" in response.json()
