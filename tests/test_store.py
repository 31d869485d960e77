"""The workspace store: what it keeps, what it refuses, and that a refusal changes nothing.

Most tests run twice through the ``location``/``workspace`` fixtures: on a SQLite
file and on a PostgreSQL database (skipped without ``CIKIT_TEST_POSTGRES_URL``).
Opening damaged or foreign files is SQLite-only.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from cikit import SCHEMA_VERSION, create_workspace, open_workspace
from cikit.errors import ValidationError, WorkspaceError
from cikit.store.check import check_workspace
from cikit.store.engine import display_name, make_engine

WB = "01_preconditions"
OTHER_WB = "02_plan_commun"
XSS = "<img src=x onerror=alert(1)>"
BAD_IDS = [True, False, "1", "abc", 1.0, 0, -3, 2**31, 2**70, None, [1]]


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(ws) -> dict[str, pd.DataFrame]:
    """Everything saved, to compare before and after a refused operation."""
    frames = ws.frames()
    for name in ("responses", "decisions"):
        column = "value" if name == "responses" else "content"
        frames[name][column] = [json.dumps(x, sort_keys=True) for x in frames[name][column]]
    return frames


def assert_unchanged(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    assert before.keys() == after.keys()
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], obj=name)


def truncate_workspace(path: str | Path) -> None:
    """Checkpoint the WAL into the file, then cut the file in half; check it is damaged."""
    path = Path(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.truncate(size // 2)
    conn = sqlite3.connect(path)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as err:
        verdict = [(str(err),)]
    finally:
        conn.close()
    assert verdict != [("ok",)], "cutting the file in half did not damage it"


@pytest.fixture
def ws(tmp_path):
    """A SQLite workspace, for checks on input that are the same on every database."""
    with create_workspace(tmp_path / "grid.cikit", name="Grille") as workspace:
        yield workspace


@pytest.fixture
def people(workspace):
    """A workspace with two partners, two participants, a response and a decision."""
    ids = {
        "anne": workspace.add_partner("École Sainte-Anne", "education", "Isabelle Roy"),
        "ville": workspace.add_partner("Ville de Rivière-aux-Saules", "public"),
    }
    ids["nadia"] = workspace.add_participant("Nadia Tremblay", ids["anne"], "partner")
    ids["louis"] = workspace.add_participant("Louis Gagnon", None, "resident")
    workspace.append_response(workbook=WB, item="q1", value=3, participant_id=ids["nadia"])
    workspace.adopt_decision(workbook=OTHER_WB, key="vision", content={"text": "Une vision"})
    return ids


# -- creating and opening -------------------------------------------------------------


def test_create_then_open_keeps_everything(location):
    ws = create_workspace(location, name="  Grandir   ensemble ", lang="en")
    partner = ws.add_partner("CPE Les Petits Pas", "education")
    ws.close()

    with open_workspace(location) as again:
        profile = again.profile()
        assert profile["name"] == "Grandir ensemble"
        assert profile["default_lang"] == "en"
        assert profile["scale"] == "region"
        assert again.schema_version == SCHEMA_VERSION
        assert again.partners()["id"].tolist() == [partner]
        assert again.counts() == {
            "initiative": 1,
            "partners": 1,
            "participants": 0,
            "rounds": 0,
            "responses": 0,
            "decisions": 0,
            "measurements": 0,
            "activities": 0,
        }


def test_create_refuses_an_existing_workspace_unless_forced(location):
    with create_workspace(location, name="Première") as ws:
        ws.add_partner("Centraide régional", "philanthropy")

    with pytest.raises(WorkspaceError, match=r"already (exists|holds a workspace)") as err:
        create_workspace(location, name="Seconde")
    assert display_name(location) in str(err.value)
    with open_workspace(location) as ws:
        assert ws.profile()["name"] == "Première"
        assert ws.counts()["partners"] == 1

    with create_workspace(location, name="Seconde", force=True) as ws:
        assert ws.profile()["name"] == "Seconde"
        assert ws.counts()["partners"] == 0


def test_create_onto_an_existing_file_leaves_it_byte_for_byte(demo_path):
    before = sha256(demo_path)
    with pytest.raises(WorkspaceError, match="already exists") as err:
        create_workspace(demo_path, name="Autre")
    assert demo_path in str(err.value)
    assert sha256(demo_path) == before


def test_create_even_with_force_will_not_overwrite_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.cikit"
    path.write_text("Compte rendu de la rencontre du 12 mars.\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(WorkspaceError, match="is not a cikit workspace") as err:
            create_workspace(path, name="Nouvelle", force=force)
        assert str(path) in str(err.value)
    assert path.read_text(encoding="utf-8") == "Compte rendu de la rencontre du 12 mars.\n"


def test_create_with_force_replaces_a_workspace_file(demo_path):
    with create_workspace(demo_path, name="Nouvelle", force=True) as ws:
        assert ws.profile()["name"] == "Nouvelle"
        assert ws.counts()["partners"] == ws.counts()["participants"] == 0
    with open_workspace(demo_path) as ws:
        assert ws.profile()["name"] == "Nouvelle"


@pytest.mark.parametrize(
    "location", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_create_refuses_a_database_holding_other_tables(location):
    engine = sa.create_engine(location)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")
    engine.dispose()
    for force in (False, True):
        with pytest.raises(WorkspaceError, match="holds other tables"):
            create_workspace(location, name="Ici", force=force)
    engine = sa.create_engine(location)
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == ["invoices"]
    engine.dispose()


@pytest.mark.parametrize(
    "location", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_database_messages_hide_the_password(location):
    create_workspace(location, name="Une").close()
    with pytest.raises(WorkspaceError, match="already holds a workspace") as err:
        create_workspace(location, name="Deux")
    password = sa.engine.make_url(location).password
    assert password and f":{password}@" not in str(err.value)
    assert ":***@" in str(err.value)


def _missing_file(tmp_path: Path) -> Path:
    return tmp_path / "absent.cikit"


def _missing_folder(tmp_path: Path) -> Path:
    return tmp_path / "nowhere" / "initiative.cikit"


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.cikit"
    path.write_text("Ceci est un compte rendu, pas un espace de travail.\n", encoding="utf-8")
    return path


def _empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.cikit"
    path.write_bytes(b"")
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "a-folder.cikit"
    path.mkdir()
    return path


def _truncated(tmp_path: Path) -> Path:
    from cikit.demo import write_demo

    path = tmp_path / "truncated.cikit"
    write_demo(path).close()
    truncate_workspace(path)
    return path


def _other_app(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT)")
        conn.execute("INSERT INTO items (label) VALUES ('chaise')")
    conn.close()
    return path


def _meta_of_another_app(tmp_path: Path) -> Path:
    path = tmp_path / "other-meta.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('application', 'someone-else')")
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "message", "named"),
    [
        (_missing_file, "There is no workspace at", "path"),
        (_missing_folder, "does not exist", "folder"),
        (_text_file, "is not a cikit workspace", "path"),
        (_empty_file, "is not a cikit workspace", "path"),
        (_folder, "is a folder", "path"),
        (_truncated, "damaged", "path"),
        (_other_app, "is not a cikit workspace", "path"),
        (_meta_of_another_app, "is not a cikit workspace", "path"),
    ],
    ids=lambda x: getattr(x, "__name__", "")[1:] or None,
)
def test_open_refuses_what_is_not_a_workspace(tmp_path, make, message, named):
    path = make(tmp_path)
    existed = path.exists()
    before = sha256(path) if path.is_file() else None

    with pytest.raises(WorkspaceError, match=message) as err:
        open_workspace(path)

    text = str(err.value)
    assert str(path if named == "path" else path.parent) in text
    assert "sqlalchemy" not in text.lower() and "Background on this error" not in text
    assert "\n" not in text
    if before is not None:
        assert sha256(path) == before, "a refused open must not modify the file"
    assert path.exists() == existed, "a refused open must not create the file"


def test_open_leaves_another_apps_database_in_its_journal_mode(tmp_path):
    path = _other_app(tmp_path)
    with pytest.raises(WorkspaceError, match="is not a cikit workspace"):
        open_workspace(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT label FROM items").fetchall() == [("chaise",)]
    conn.close()
    assert not Path(f"{path}-wal").exists()


def test_new_workspace_file_is_in_wal_mode(tmp_path):
    path = tmp_path / "wal.cikit"
    create_workspace(path, name="WAL").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


# -- the profile -------------------------------------------------------------------------


def test_update_profile_changes_only_the_given_fields(workspace):
    before = workspace.profile()
    after = workspace.update_profile(territory="MRC de Rivière-aux-Saules", scale="neighbourhood")
    assert after["territory"] == "MRC de Rivière-aux-Saules"
    assert after["scale"] == "neighbourhood"
    assert after["name"] == before["name"] == "Initiative test"
    assert after["updated_at"] >= before["updated_at"]
    assert workspace.profile() == after


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"scale": "galaxy"}, r"Unknown choice: galaxy\.", "scale"),
        ({"scale": 3}, r"Unknown choice: 3\.", "scale"),
        ({"default_lang": "de"}, r"Unknown choice: de\.", "default_lang"),
        ({"colour": "red"}, r"Unknown field: colour\.", "colour"),
        ({"issue": "x" * 2001}, r"too long \(2001 characters; at most 2000\)", "issue"),
        ({"name": "n" * 121}, r"too long \(121 characters; at most 120\)", "name"),
        ({"name": "   "}, r"A name is required\.", "name"),
        ({"population": 42}, r"This value must be text\.", "population"),
    ],
)
def test_update_profile_refuses_bad_values_and_changes_nothing(ws, fields, error, field):
    before = ws.profile()
    with pytest.raises(ValidationError, match=error) as err:
        ws.update_profile(territory="changed first?", **fields)
    assert err.value.field == field
    assert ws.profile() == before


# -- partners ----------------------------------------------------------------------------


def test_partners_add_update_remove(workspace):
    pid = workspace.add_partner("  Maison de la famille  ", "community", "Nadia Tremblay")
    assert isinstance(pid, int)
    row = workspace.partners().set_index("id").loc[pid]
    assert (row["name"], row["sector"], row["contact"]) == (
        "Maison de la famille",
        "community",
        "Nadia Tremblay",
    )

    workspace.update_partner(pid, name="Maison des familles", sector="residents", contact="")
    row = workspace.partners().set_index("id").loc[pid]
    assert (row["name"], row["sector"], row["contact"]) == ("Maison des familles", "residents", "")

    workspace.remove_partner(pid)
    assert workspace.partners().empty
    everyone = workspace.partners(include_removed=True)
    assert everyone["id"].tolist() == [pid]
    assert everyone["removed_at"].notna().all()


@pytest.mark.parametrize(
    "again",
    ["ecole sainte-anne", "ÉCOLE SAINTE-ANNE", "  Ecole   Sainte-Anne ", "École Sainte-Anne"],
)
def test_duplicate_partner_names_are_refused_case_and_accent_insensitively(workspace, again):
    workspace.add_partner("École Sainte-Anne", "education")
    with pytest.raises(ValidationError, match=r"is already on the list") as err:
        workspace.add_partner(again, "community")
    assert err.value.field == "name"
    assert workspace.partners()["name"].tolist() == ["École Sainte-Anne"]


def test_renaming_a_partner_onto_another_is_refused_but_recasing_itself_is_not(workspace):
    anne = workspace.add_partner("École Sainte-Anne", "education")
    ville = workspace.add_partner("Ville", "public")
    with pytest.raises(ValidationError, match="already on the list"):
        workspace.update_partner(ville, name="ecole SAINTE-anne")
    workspace.update_partner(anne, name="ÉCOLE SAINTE-ANNE")
    assert workspace.partners()["name"].tolist() == ["ÉCOLE SAINTE-ANNE", "Ville"]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", r"A name is required\."),
        (" \t\n ", r"A name is required\."),
        (None, r"A name is required\."),
        ("\x00\x07", r"A name is required\."),
        ("x" * 10_000, r"too long \(10000 characters; at most 120\)"),
        (12, r"This value must be text\."),
        (["École"], r"This value must be text\."),
    ],
    ids=["empty", "blank", "none", "control-chars", "10000-chars", "int", "list"],
)
def test_bad_partner_names_are_refused(ws, name, error):
    with pytest.raises(ValidationError, match=error) as err:
        ws.add_partner(name, "community")
    assert err.value.field == "name"
    assert ws.counts()["partners"] == 0


def test_half_an_emoji_is_dropped_from_names_and_texts(workspace):
    """A browser may cut an emoji in two; a lone surrogate cannot be stored as UTF-8."""
    pid = workspace.add_partner("Café \ud83d", "community", contact="\ude00Nadia")
    person = workspace.add_participant("Amadou \udc00Diallo")
    workspace.update_profile(issue="Enjeu \ud83d", territory="Saules 🌱")
    workspace.append_response(workbook=WB, item="q\ud800", value="ok")
    assert workspace.partners().set_index("id").loc[pid, ["name", "contact"]].tolist() == [
        "Café",
        "Nadia",
    ]
    assert workspace.participants().set_index("id").loc[person, "display_name"] == "Amadou Diallo"
    assert workspace.profile()["issue"] == "Enjeu"
    assert workspace.profile()["territory"] == "Saules 🌱"
    assert workspace.frames()["responses"]["item"].tolist() == ["q"]


def test_markup_in_a_name_is_stored_verbatim(workspace):
    pid = workspace.add_partner(XSS, "other", contact=f"contact {XSS}")
    frame = workspace.frames()["partners"]
    assert frame.loc[frame["id"] == pid, "name"].item() == XSS
    assert frame.loc[frame["id"] == pid, "contact"].item() == f"contact {XSS}"


@pytest.mark.parametrize("sector", ["banking", "", None, "Community", 1])
def test_unknown_sector_is_refused(ws, sector):
    with pytest.raises(ValidationError, match=r"Unknown sector: .*Pick one from the list\."):
        ws.add_partner("Banque du Nord", sector)
    pid = ws.add_partner("Banque du Nord", "private")
    with pytest.raises(ValidationError, match="Unknown sector"):
        ws.update_partner(pid, sector=sector)
    assert ws.partners()["sector"].tolist() == ["private"]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_partner_ids_must_be_positive_integers(ws, bad):
    ws.add_partner("Centraide", "philanthropy")
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        ws.update_partner(bad, contact="x")
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        ws.remove_partner(bad)
    assert ws.partners()["contact"].tolist() == [""]


def test_unknown_partner_id_is_refused(workspace):
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        workspace.update_partner(999, name="Fantôme")
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        workspace.remove_partner(999)


@pytest.mark.parametrize("huge", [2**31, 2**63, 2**70], ids=["2**31", "2**63", "2**70"])
def test_huge_ids_are_unknown_entries_not_database_errors(workspace, huge):
    """A browser may send any JSON number; it must not reach the driver and overflow."""
    partner = workspace.add_partner("Centraide", "philanthropy")
    calls = [
        lambda: workspace.update_partner(huge, contact="x"),
        lambda: workspace.remove_participant(huge),
        lambda: workspace.add_participant("Ana", huge),
        lambda: workspace.update_participant(huge, role="observer"),
        lambda: workspace.append_response(workbook=WB, item="q", value=1, participant_id=huge),
        lambda: workspace.append_response(workbook=WB, item="q", value=1, round_id=huge),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match=r"Unknown entry\."):
            call()
    assert workspace.partners()["id"].tolist() == [partner]
    assert workspace.counts()["participants"] == workspace.counts()["responses"] == 0


def test_unknown_partner_field_is_refused(workspace):
    pid = workspace.add_partner("Centraide", "philanthropy")
    with pytest.raises(ValidationError, match=r"Unknown field: removed_at\."):
        workspace.update_partner(pid, removed_at=None)


def test_partner_with_participants_cannot_be_removed(workspace):
    pid = workspace.add_partner("CPE Les Petits Pas", "education")
    person = workspace.add_participant("Karine Bouchard", pid)
    with pytest.raises(ValidationError, match=r"still has 1 participant") as err:
        workspace.remove_partner(pid)
    assert err.value.field == "partner"
    assert workspace.partners()["id"].tolist() == [pid]

    workspace.remove_participant(person)
    workspace.remove_partner(pid)
    assert workspace.partners().empty


def test_removed_partner_name_can_be_reused_and_the_old_one_stays_on_record(workspace):
    old = workspace.add_partner("École Sainte-Anne", "education")
    workspace.remove_partner(old)
    new = workspace.add_partner("ecole sainte-anne", "community")
    assert new != old
    assert workspace.partners()["id"].tolist() == [new]
    everyone = workspace.partners(include_removed=True).set_index("id")
    assert everyone.loc[old, "name"] == "École Sainte-Anne"
    assert everyone.loc[new, "name"] == "ecole sainte-anne"


def test_removed_partner_cannot_be_updated_or_given_participants(workspace):
    pid = workspace.add_partner("Ancien partenaire", "other")
    workspace.remove_partner(pid)
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        workspace.update_partner(pid, contact="x")
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        workspace.add_participant("Quelqu'un", pid)
    assert workspace.counts()["participants"] == 0


# -- participants --------------------------------------------------------------------------


def test_participants_add_update_remove(workspace):
    anne = workspace.add_partner("École Sainte-Anne", "education")
    pid = workspace.add_participant("Élodie Caron", anne, "partner")
    row = workspace.participants().set_index("id").loc[pid]
    assert (row["display_name"], row["partner_id"], row["role"]) == (
        "Élodie Caron",
        anne,
        "partner",
    )

    workspace.update_participant(
        pid, display_name="Élodie Caron-Roy", partner_id=None, role="resident"
    )
    row = workspace.participants().set_index("id").loc[pid]
    assert row["display_name"] == "Élodie Caron-Roy"
    assert pd.isna(row["partner_id"])
    assert row["role"] == "resident"

    workspace.remove_participant(pid)
    assert workspace.participants().empty
    assert workspace.participants(include_removed=True)["id"].tolist() == [pid]


@pytest.mark.parametrize("no_partner", [None, "", 0])
def test_participant_without_partner(workspace, no_partner):
    pid = workspace.add_participant("Josée Lapointe", no_partner, "resident")
    assert pd.isna(workspace.participants().set_index("id").loc[pid, "partner_id"])


def test_duplicate_participant_names_are_refused_and_reusable_after_removal(workspace):
    first = workspace.add_participant("Élodie Caron")
    with pytest.raises(ValidationError, match="already on the list"):
        workspace.add_participant("ELODIE  caron")
    other = workspace.add_participant("Amadou Diallo")
    with pytest.raises(ValidationError, match="already on the list"):
        workspace.update_participant(other, display_name="élodie caron")

    workspace.remove_participant(first)
    again = workspace.add_participant("elodie caron")
    assert sorted(workspace.participants()["id"].tolist()) == sorted([other, again])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"display_name": ""}, r"A name is required\."),
        ({"display_name": "p" * 10_000}, r"too long \(10000 characters; at most 120\)"),
        ({"display_name": "Ana", "role": "boss"}, r"Unknown choice: boss\."),
        ({"display_name": "Ana", "partner_id": 999}, r"Unknown entry\."),
        ({"display_name": "Ana", "partner_id": True}, r"Unknown entry\."),
        ({"display_name": "Ana", "partner_id": False}, r"Unknown entry\."),
        ({"display_name": "Ana", "partner_id": "1"}, r"Unknown entry\."),
    ],
    ids=[
        "empty",
        "10000-chars",
        "role",
        "partner-999",
        "partner-True",
        "partner-False",
        "partner-str",
    ],
)
def test_bad_participants_are_refused(ws, kwargs, error):
    ws.add_partner("Partenaire un", "other")
    with pytest.raises(ValidationError, match=error):
        ws.add_participant(**kwargs)
    assert ws.counts()["participants"] == 0


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_participant_ids_must_be_positive_integers(ws, bad):
    ws.add_participant("Samuel Girard")
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        ws.update_participant(bad, role="observer")
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        ws.remove_participant(bad)
    assert ws.participants()["role"].tolist() == ["partner"]


def test_participant_markup_name_is_stored_verbatim(workspace):
    pid = workspace.add_participant(XSS)
    assert workspace.participants().set_index("id").loc[pid, "display_name"] == XSS


# -- responses -------------------------------------------------------------------------------


def test_responses_are_appended_never_overwritten(workspace):
    person = workspace.add_participant("Nadia Tremblay")
    first = workspace.append_response(workbook=WB, item="q1", value=2, participant_id=person)
    second = workspace.append_response(workbook=WB, item="q1", value=4, participant_id=person)
    assert second > first

    frame = workspace.frames()["responses"]
    assert frame["id"].tolist() == [first, second]
    assert frame["value"].tolist() == [2, 4]
    assert frame["participant_id"].tolist() == [person, person]
    assert frame["created_at"].is_monotonic_increasing


def test_response_values_roundtrip_as_json(workspace):
    values = [
        "Élodie dit « oui » — 🌱 日本語",
        {"texte": "Ça va ? ∑", "nombres": [1, 2.5, -3], "rien": None, "vrai": True},
        ["a", ["b", {"c": "é"}]],
        0,
        -1.25,
        None,
        False,
        "",
        XSS,
    ]
    for n, value in enumerate(values):
        workspace.append_response(workbook=WB, item=f"q{n}", value=value)
    frame = workspace.frames()["responses"]
    assert frame["value"].tolist() == values
    assert frame["item"].tolist() == [f"q{n}" for n in range(len(values))]


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"value": float("nan")}, r"This answer cannot be saved\.", "value"),
        ({"value": {1, 2}}, r"This answer cannot be saved\.", "value"),
        ({"value": object()}, r"This answer cannot be saved\.", "value"),
        ({"value": {"texte": "emoji coupé \ud83d"}}, r"This answer cannot be saved\.", "value"),
        ({"workbook": "99_inconnu"}, r"Unknown choice: 99_inconnu\.", "workbook"),
        ({"item": ""}, r"Unknown entry\.", "item"),
        ({"item": "i" * 129}, r"too long \(129 characters; at most 128\)", "item"),
        ({"participant_id": 999}, r"Unknown entry\.", "participants"),
        ({"participant_id": True}, r"Unknown entry\.", "participant"),
        ({"participant_id": "1"}, r"Unknown entry\.", "participant"),
        ({"round_id": 999}, r"Unknown entry\.", "rounds"),
        ({"round_id": True}, r"Unknown entry\.", "round"),
    ],
    ids=lambda x: None,
)
def test_bad_responses_are_refused(ws, kwargs, error, field):
    args = {"workbook": WB, "item": "q1", "value": 1, **kwargs}
    with pytest.raises(ValidationError, match=error) as err:
        ws.append_response(**args)
    assert err.value.field == field
    assert ws.counts()["responses"] == 0


def test_answers_of_a_removed_participant_stay(workspace):
    person = workspace.add_participant("Patrick Nadeau")
    workspace.append_response(workbook=WB, item="q1", value="avant", participant_id=person)
    workspace.remove_participant(person)
    with pytest.raises(ValidationError, match=r"Unknown entry\."):
        workspace.append_response(workbook=WB, item="q1", value="après", participant_id=person)
    frame = workspace.frames()["responses"]
    assert frame["value"].tolist() == ["avant"]
    assert frame["participant_id"].tolist() == [person]


# -- decisions ---------------------------------------------------------------------------------


def test_decisions_are_versioned_and_earlier_versions_stay_readable(workspace):
    contents = [{"text": "Vision 1"}, {"text": "Vision 2 — « révisée »"}, "Vision 3"]
    versions = [
        workspace.adopt_decision(
            workbook=OTHER_WB, key="vision", content=c, supporters=n + 5, adopted_by="Groupe"
        )
        for n, c in enumerate(contents)
    ]
    assert versions == [1, 2, 3]

    latest = workspace.decision(OTHER_WB, "vision")
    assert (latest["version"], latest["content"], latest["supporters"]) == (3, "Vision 3", 7)
    for version, content in zip(versions, contents, strict=True):
        found = workspace.decision(OTHER_WB, "vision", version=version)
        assert found["version"] == version
        assert found["content"] == content
        assert found["adopted_by"] == "Groupe"
    assert workspace.decision(OTHER_WB, "vision", version=4) is None
    assert workspace.decision(OTHER_WB, "mission") is None

    assert workspace.adopt_decision(workbook=OTHER_WB, key="mission", content="M") == 1
    assert workspace.adopt_decision(workbook=WB, key="vision", content="autre cahier") == 1
    frame = workspace.frames()["decisions"]
    assert frame.loc[frame["key"] == "vision", "version"].tolist() == [1, 2, 3, 1]


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"supporters": True}, r"whole number", "supporters"),
        ({"supporters": -1}, r"whole number", "supporters"),
        ({"supporters": "3"}, r"whole number", "supporters"),
        ({"content": float("inf")}, r"cannot be saved", "content"),
        ({"content": ["\udfff"]}, r"cannot be saved", "content"),
        ({"key": ""}, r"Unknown entry\.", "key"),
        ({"workbook": "nope"}, r"Unknown choice: nope\.", "workbook"),
    ],
    ids=lambda x: None,
)
def test_bad_decisions_are_refused(ws, kwargs, error, field):
    args = {"workbook": OTHER_WB, "key": "vision", "content": "Texte", **kwargs}
    with pytest.raises(ValidationError, match=error) as err:
        ws.adopt_decision(**args)
    assert err.value.field == field
    assert ws.counts()["decisions"] == 0


# -- frames ----------------------------------------------------------------------------------------

FRAME_COLUMNS = {
    "initiative": [
        "id",
        "name",
        "issue",
        "population",
        "territory",
        "scale",
        "default_lang",
        "created_at",
        "updated_at",
    ],
    "partners": [
        "id",
        "name",
        "sector",
        "contact",
        "created_at",
        "updated_at",
        "removed_at",
        "active",
    ],
    "participants": [
        "id",
        "display_name",
        "partner_id",
        "role",
        "created_at",
        "updated_at",
        "removed_at",
        "active",
    ],
    "rounds": [
        "id",
        "workbook",
        "key",
        "status",
        "anonymous",
        "revealed",
        "opened_at",
        "closed_at",
        "config",
    ],
    "responses": [
        "id",
        "participant_id",
        "workbook",
        "item",
        "value",
        "created_at",
        "round_id",
        "respondent",
        "sector",
    ],
    "decisions": [
        "id",
        "workbook",
        "key",
        "version",
        "content",
        "supporters",
        "adopted_by",
        "adopted_at",
    ],
    "measurements": [
        "id",
        "indicator",
        "period",
        "x",
        "value",
        "partner_id",
        "dimension",
        "group",
        "source",
        "entered_at",
    ],
    "activities": [
        "id",
        "partner_id",
        "name",
        "description",
        "strategy",
        "indicators",
        "populations",
        "territories",
        "start",
        "end",
        "staff",
        "budget",
        "intake",
        "support",
        "referral",
        "source",
        "participant_id",
        "created_at",
        "updated_at",
        "removed_at",
    ],  # fmt: skip
}
DATETIME_COLUMNS = {
    "initiative": ["created_at", "updated_at"],
    "partners": ["created_at", "updated_at", "removed_at"],
    "participants": ["created_at", "updated_at", "removed_at"],
    "rounds": ["opened_at", "closed_at"],
    "responses": ["created_at"],
    "decisions": ["adopted_at"],
    "measurements": ["entered_at"],
    "activities": ["created_at", "updated_at", "removed_at"],
}


def test_frames_have_the_documented_columns(workspace, people):
    frames = workspace.frames(results=False)  # the result frames: tests/test_results.py
    assert {name: list(frame.columns) for name, frame in frames.items()} == FRAME_COLUMNS


def test_frames_of_an_empty_workspace_have_the_same_columns(workspace):
    frames = workspace.frames(results=False)
    assert {name: list(frame.columns) for name, frame in frames.items()} == FRAME_COLUMNS
    assert len(frames["initiative"]) == 1
    assert all(frames[name].empty for name in FRAME_COLUMNS if name != "initiative")


def test_frames_datetimes_are_timezone_aware_utc(workspace, people):
    workspace.remove_participant(people["louis"])
    frames = workspace.frames()
    now = pd.Timestamp.now(tz="UTC")
    for name, columns in DATETIME_COLUMNS.items():
        for column in columns:
            series = frames[name][column]
            assert isinstance(series.dtype, pd.DatetimeTZDtype), (name, column, series.dtype)
            assert str(series.dt.tz) == "UTC", (name, column)
            for stamp in series.dropna():
                assert abs(now - stamp) < pd.Timedelta(minutes=5), (name, column, stamp)
    participants = frames["participants"].set_index("id")
    assert not participants.loc[people["louis"], "active"]
    assert participants.loc[people["nadia"], "active"]
    assert pd.isna(participants.loc[people["nadia"], "removed_at"])


def test_frames_decode_values_and_type_ids(workspace, people):
    frames = workspace.frames()
    assert frames["responses"]["value"].tolist() == [3]
    assert frames["decisions"]["content"].tolist() == [{"text": "Une vision"}]
    assert str(frames["participants"]["partner_id"].dtype) == "Int64"
    assert str(frames["responses"]["round_id"].dtype) == "Int64"
    assert frames["partners"]["id"].dtype == "int64"


# -- refusals change nothing ---------------------------------------------------------------------

REFUSED = {
    "duplicate partner": lambda ws, ids: ws.add_partner("ecole sainte-anne", "education"),
    "rename onto another partner": lambda ws, ids: ws.update_partner(
        ids["ville"], name="ÉCOLE SAINTE-ANNE"
    ),
    "valid contact, bad sector": lambda ws, ids: ws.update_partner(
        ids["anne"], contact="nouveau", sector="banking"
    ),
    "remove partner with people": lambda ws, ids: ws.remove_partner(ids["anne"]),
    "remove partner by str id": lambda ws, ids: ws.remove_partner(str(ids["ville"])),
    "remove partner by bool id": lambda ws, ids: ws.remove_partner(True),
    "duplicate participant": lambda ws, ids: ws.add_participant("NADIA tremblay"),
    "participant name and bad role": lambda ws, ids: ws.update_participant(
        ids["louis"], display_name="Louis G.", role="king"
    ),
    "participant to unknown partner": lambda ws, ids: ws.update_participant(
        ids["louis"], display_name="Louis G.", partner_id=999
    ),
    "remove unknown participant": lambda ws, ids: ws.remove_participant(999),
    "response not JSON": lambda ws, ids: ws.append_response(workbook=WB, item="q", value={1, 2}),
    "response to unknown round": lambda ws, ids: ws.append_response(
        workbook=WB, item="q", value=1, round_id=7
    ),
    "decision bad supporters": lambda ws, ids: ws.adopt_decision(
        workbook=OTHER_WB, key="vision", content="v2", supporters=-1
    ),
    "profile with one bad field": lambda ws, ids: ws.update_profile(
        issue="nouveau", scale="planet"
    ),
    "profile name too long": lambda ws, ids: ws.update_profile(name="x" * 10_000),
}


@pytest.mark.parametrize("operation", REFUSED.values(), ids=REFUSED.keys())
def test_refused_operations_leave_saved_data_untouched(workspace, people, operation):
    counts = workspace.counts()
    before = snapshot(workspace)
    with pytest.raises(ValidationError):
        operation(workspace, people)
    assert workspace.counts() == counts
    assert_unchanged(before, snapshot(workspace))


# -- check_workspace -------------------------------------------------------------------------------


def test_check_finds_nothing_wrong_in_the_demo(demo_path):
    with open_workspace(demo_path) as ws:
        assert check_workspace(ws) == []


def test_check_finds_nothing_wrong_in_a_fresh_workspace(workspace, people):
    assert check_workspace(workspace) == []


def _drop(location: str, sql: str) -> None:
    engine = make_engine(location)
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


def test_check_finds_a_dropped_table(location):
    create_workspace(location, name="Abîmé").close()
    _drop(location, "DROP TABLE decisions")
    with open_workspace(location) as ws:
        problems = [p.render() for p in check_workspace(ws)]
    assert problems == ["Missing table: decisions."]


def test_check_finds_a_dropped_column(location):
    create_workspace(location, name="Abîmé").close()
    _drop(location, "ALTER TABLE responses DROP COLUMN sector")
    with open_workspace(location) as ws:
        problems = [p.render() for p in check_workspace(ws)]
    assert problems == ["Missing column sector in table responses."]


def test_check_finds_a_missing_profile_and_orphan_rounds(location):
    create_workspace(location, name="Abîmé").close()
    _drop(location, "DELETE FROM initiative")
    _drop(
        location,
        "INSERT INTO responses (workbook, item, value, created_at, round_id) "
        "VALUES ('01_preconditions', 'q', '1', CURRENT_TIMESTAMP, 42)",
    )
    with open_workspace(location) as ws:
        problems = [p.render() for p in check_workspace(ws)]
    assert len(problems) == 2
    assert problems[0] == "The initiative's profile is missing."
    assert problems[1] == "1 answer(s) point to a round that does not exist."


def test_check_of_a_demo_table_dropped_with_sqlite(demo_path):
    with sqlite3.connect(demo_path) as conn:
        conn.execute("DROP TABLE rounds")
    conn.close()
    with open_workspace(demo_path) as ws:
        problems = [p.render() for p in check_workspace(ws)]
    assert "Missing table: rounds." in problems
