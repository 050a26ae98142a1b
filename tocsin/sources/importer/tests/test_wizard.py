"""The three pages of the import wizard, with a real client: upload, mapping and preview,
import; and who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tocsin.mentions.models import Mention
from tocsin.sources.importer.tests.files import csv_bytes, xlsx_bytes
from tocsin.testing import Cast

pytestmark = pytest.mark.urls("tocsin.sources.importer.tests.urls")

SHEET = [
    ["Date", "Auteur", "Texte", "Lien"],
    ["27/11/2026 08:15", "Hélène", "Le cabinet a perdu mon dossier", "https://ex.fr/1"],
    ["demain", "Marc", "Date illisible", ""],
]


def _client(member: object) -> Client:
    client = Client()
    client.force_login(member.person)  # type: ignore[attr-defined]
    return client


def _upload(client: Client, raw: bytes, name: str = "veille.csv") -> str:
    answer = client.post("/f/alpha/sources/import/", {"file": SimpleUploadedFile(name, raw)})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return str(answer["Location"])


def test_admin_imports_a_file_in_three_steps(cast: Cast) -> None:
    client = _client(cast.ada)
    assert client.get("/f/alpha/sources/import/").status_code == 200
    mapping_url = _upload(client, csv_bytes(SHEET, sep=";", encoding="cp1252"))
    assert mapping_url.startswith("/f/alpha/sources/import/mapping/?t=")

    page = client.get(mapping_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Le cabinet a perdu mon dossier" in html  # the preview, decoded from cp1252
    assert "demain" in html and "rejected" in html  # the rejected row and its reason
    token = mapping_url.split("t=")[1]
    fields = {"t": token, "published_at": "0", "author": "1", "text": "2", "url": "3"}

    done = client.post("/f/alpha/sources/import/mapping/", {**fields, "import": "1"})
    assert done.status_code == 302
    report = client.get(done["Location"]).content.decode()
    assert "Hélène" not in report  # the report lists counts and rejected rows, not content
    assert "demain" in report
    assert Mention.objects.for_firm(cast.firm_a).count() == 1
    # The upload is gone once imported: the mapping page sends back to step 1.
    again = client.get(mapping_url)
    assert (again.status_code, again["Location"]) == (302, "/f/alpha/sources/import/")


def test_changing_the_mapping_updates_the_preview(cast: Cast) -> None:
    client = _client(cast.ada)
    token = _upload(client, xlsx_bytes(SHEET), "veille.xlsx").split("t=")[1]
    # The author column read as the text: the preview shows the names as texts.
    page = client.post(
        "/f/alpha/sources/import/mapping/", {"t": token, "text": "1", "preview": "1"}
    )
    assert page.status_code == 200
    assert "Hélène" in page.content.decode()
    assert not Mention.objects.for_firm(cast.firm_a).exists()


def test_mapping_a_column_twice_is_refused(cast: Cast) -> None:
    client = _client(cast.ada)
    token = _upload(client, csv_bytes(SHEET)).split("t=")[1]
    page = client.post(
        "/f/alpha/sources/import/mapping/", {"t": token, "text": "2", "title": "2", "import": "1"}
    )
    assert page.status_code == 200
    assert not Mention.objects.for_firm(cast.firm_a).exists()


def test_bad_file_gets_a_clear_error(cast: Cast) -> None:
    client = _client(cast.ada)
    answer = client.post(
        "/f/alpha/sources/import/",
        {"file": SimpleUploadedFile("export.xls", b"\xd0\xcf\x11\xe0" + bytes(600))},
    )
    assert answer.status_code == 200
    assert ".xlsx" in answer.content.decode()


def test_viewer_cannot_import(cast: Cast) -> None:
    client = _client(cast.victor)
    assert client.get("/f/alpha/sources/import/").status_code == 403
    answer = client.post(
        "/f/alpha/sources/import/", {"file": SimpleUploadedFile("a.csv", csv_bytes(SHEET))}
    )
    assert answer.status_code == 403


def test_an_upload_is_only_seen_by_its_uploader_in_its_firm(cast: Cast) -> None:
    mapping_url = _upload(_client(cast.ada), csv_bytes(SHEET))
    cast.alice.role = "admin"
    cast.alice.save()
    other_admin = _client(cast.alice).get(mapping_url)
    assert (other_admin.status_code, other_admin["Location"]) == (302, "/f/alpha/sources/import/")
    cast.bob.role = "admin"
    cast.bob.save()
    outsider = _client(cast.bob)
    assert outsider.get(mapping_url).status_code == 404
    assert outsider.get(mapping_url.replace("/alpha/", "/beta/")).status_code == 302


def test_a_large_file_is_imported_by_a_worker(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from tocsin.sources.importer import views

    monkeypatch.setattr(views, "INLINE_ROWS", 1)  # any file with two rows is "large"
    rows = [["Texte", "Lien"], ["Premier", "https://ex.fr/1"], ["Second", "https://ex.fr/2"]]
    client = _client(cast.ada)
    token = _upload(client, csv_bytes(rows)).split("t=")[1]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        done = client.post(
            "/f/alpha/sources/import/mapping/", {"t": token, "text": "0", "url": "1", "import": "1"}
        )
    waiting = client.get(done["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting  # the page waits for the worker
    assert not Mention.objects.for_firm(cast.firm_a).exists()
    for callback in queued:
        callback()  # the worker's turn (tasks run eagerly in tests)
    finished = client.get(done["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in finished
    assert Mention.objects.for_firm(cast.firm_a).count() == 2
