"""Zip bombs in the three places that unpack a file from a browser: refused, quickly, by name.

A backup restored from the overview and an Excel file imported in Shared
measurement or Activities are zips.  A few kilobytes can claim a million
members, gigabytes of content, or a million shared strings that openpyxl would
read whole before the first row.  Each is refused before it is unpacked.
"""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from cikit.analysis.mesure_commune import ImportFileError, read_table
from cikit.i18n import Translator
from cikit.safezip import ZipLimitError, member_count, open_bounded
from cikit.store.backup import BackupError, backup_bytes, read_backup


def _declare(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the central directory claiming ``size`` unpacked bytes for ``name``."""
    raw = bytearray(data)
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) >= 0:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + length].decode() == name:
            raw[at + 24 : at + 28] = size.to_bytes(4, "little")
            return bytes(raw)
        at += 4
    raise AssertionError(f"{name} not in the zip")


def _claim_members(data: bytes, count: int) -> bytes:
    """``data`` whose end record claims ``count`` members."""
    raw = bytearray(data)
    at = raw.rfind(b"PK\x05\x06")
    raw[at + 8 : at + 12] = count.to_bytes(2, "little") * 2
    return bytes(raw)


@pytest.fixture
def backup(demo_path) -> bytes:
    from cikit import open_workspace

    with open_workspace(demo_path) as ws:
        return backup_bytes(ws)


def _refused(data: bytes) -> str:
    start = time.monotonic()
    with pytest.raises(BackupError) as caught:
        read_backup(io.BytesIO(data))
    assert time.monotonic() - start < 5, "refused before anything is unpacked"
    return caught.value.render(Translator("fr"))


def test_a_backup_with_thousands_of_members_is_refused(backup):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        with zipfile.ZipFile(io.BytesIO(backup)) as real:
            for info in real.infolist():
                archive.writestr(info, real.read(info))
        for number in range(5000):
            archive.writestr(f"tables/x{number}.txt", b"")
    message = _refused(buffer.getvalue())
    assert "trop de fichiers (5009; au plus 64)" in message


def test_a_backup_claiming_more_members_than_a_zip_can_list_is_refused_unread(backup):
    assert member_count(io.BytesIO(backup)) == 9
    message = _refused(_claim_members(backup, 0xFFFF))
    assert "trop de fichiers" in message


def test_a_backup_claiming_gigabytes_once_unpacked_is_refused(backup):
    bomb = _declare(backup, "tables/responses.json", 0xFFFFFFF0)
    message = _refused(bomb)
    assert "une fois décompressée" in message and "au plus 512 Mo" in message


def test_members_that_sum_past_the_total_are_refused_even_if_each_is_small(backup):
    bomb = _declare(backup, "tables/responses.json", 300 * 1024 * 1024)
    bomb = _declare(bomb, "tables/decisions.json", 300 * 1024 * 1024)
    assert "au plus 512 Mo" in _refused(bomb)


def test_a_member_larger_than_it_claims_is_damaged_not_unpacked(backup):
    small = _declare(backup, "tables/responses.json", 10)
    assert "endommagé" in _refused(small)


def test_the_demo_backup_still_reads(backup):
    version, rows = read_backup(io.BytesIO(backup))
    assert rows["partners"]


# -- Excel ------------------------------------------------------------------------------


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info.filename, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()  # fmt: skip


def test_an_ordinary_excel_file_still_reads():
    table = read_table(_xlsx([["indicator", "period", "value"], ["x", "2024", "3"]]), "a.xlsx")
    assert list(table.columns) == ["indicator", "period", "value"] and len(table) == 1


def test_an_excel_file_with_a_million_shared_strings_is_refused():
    base = _xlsx([["indicator", "period", "value"], ["x", "2024", "3"]])
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1000001" uniqueCount="1000001">'
        + b"<si><t>a</t></si>" * 1_000_001
        + b"</sst>"
    )
    bomb = _with_member(base, "xl/sharedStrings.xml", strings)
    assert len(bomb) < 200_000, "a few kilobytes on the wire"
    start = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        read_table(bomb, "bombe.xlsx")
    assert caught.value.reason == "excel_too_large"
    assert time.monotonic() - start < 10


def test_an_excel_file_claiming_huge_shared_strings_is_refused_unread():
    base = _xlsx([["indicator"], ["x"]])
    with_strings = _with_member(base, "xl/sharedStrings.xml", b"<sst><si><t>x</t></si></sst>")
    bomb = _declare(with_strings, "xl/sharedStrings.xml", 200 * 1024 * 1024)
    with pytest.raises(ImportFileError) as caught:
        read_table(bomb, "bombe.xlsx")
    assert caught.value.reason == "excel_too_large"


def test_an_excel_file_with_thousands_of_parts_is_refused():
    base = _xlsx([["indicator"], ["x"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        for number in range(2000):
            dst.writestr(f"xl/media/p{number}.bin", b"")
    with pytest.raises(ImportFileError) as caught:
        read_table(out.getvalue(), "parts.xlsx")
    assert caught.value.reason == "excel_too_large"


def test_the_apps_say_why_in_the_persons_language(demo_path):
    from cikit import open_workspace
    from cikit.apps import MeasurementApp, Role

    base = _xlsx([["indicator", "period", "value"]])
    bomb = _declare(_with_member(base, "xl/sharedStrings.xml", b"<sst></sst>"),
                    "xl/sharedStrings.xml", 200 * 1024 * 1024)  # fmt: skip
    with open_workspace(demo_path) as ws:
        app = MeasurementApp(ws, lang="fr", role=Role.FACILITATOR, facilitator_key="k" * 16)
        app.stage = "data"
        app.render()
        app.step.upload.value = ({"name": "bombe.xlsx", "type": "", "size": len(bomb),
                                  "content": memoryview(bomb), "last_modified": None},)  # fmt: skip
        assert "Enregistrez la feuille en CSV" in app.step.import_status.text


def test_open_bounded_names_the_reason():
    with pytest.raises(ZipLimitError) as caught:
        open_bounded(io.BytesIO(b"not a zip at all"), max_members=5, max_unpacked=5)
    assert caught.value.reason == "not_a_zip"
