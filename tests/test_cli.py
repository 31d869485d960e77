"""The ``cikit`` command line: every expected problem is one line, in the person's
language, with a non-zero exit, never a traceback; nothing saved is touched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_store import truncate_workspace

import cikit
from cikit import SCHEMA_VERSION, open_workspace
from cikit.cli import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, main

# The command runs the cikit under test, wherever pytest was started from.
REPO = Path(cikit.__file__).resolve().parents[1]
SOURCE = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``cikit ARGS`` in this process, in a language: returns (exit code, stdout, stderr)."""

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        monkeypatch.setenv("CIKIT_LANG", lang)
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_line(err: str) -> str:
    """The single ``cikit: ...`` line a failed command prints on stderr."""
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert err.startswith("cikit: "), repr(err)
    assert "Traceback" not in err
    return err[len("cikit: ") : -1]


@pytest.fixture
def truncated(demo_path) -> str:
    truncate_workspace(demo_path)
    return demo_path


@pytest.fixture
def text_file(tmp_path) -> str:
    path = tmp_path / "notes.cikit"
    path.write_text("Ordre du jour de la rencontre\n", encoding="utf-8")
    return str(path)


# -- demo and new -------------------------------------------------------------------------


def test_demo_writes_the_demo_initiative(cli, tmp_path):
    path = tmp_path / "demo.cikit"
    code, out, err = cli("demo", path)
    assert (code, err) == (EXIT_OK, "")
    assert out == f"Demo initiative written to {path} (12 partners, 20 people).\n"
    with open_workspace(path) as ws:
        assert ws.counts()["partners"] == 12
        assert ws.profile()["name"] == "Grandir ensemble à Rivière-aux-Saules"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "{path} already exists. Use --force to replace it."),
        ("fr", "{path} existe déjà. Utilisez --force pour le remplacer."),
    ],
)
def test_demo_onto_an_existing_file_is_refused_and_leaves_it_alone(cli, demo_path, lang, message):
    with open_workspace(demo_path) as ws:
        ws.add_partner("Partenaire ajouté à la main", "other")
    before = sha256(demo_path)

    code, out, err = cli("demo", demo_path, lang=lang)

    assert (code, out) == (EXIT_PROBLEM, "")
    assert one_line(err) == message.format(path=demo_path)
    assert sha256(demo_path) == before
    with open_workspace(demo_path) as ws:
        assert "Partenaire ajouté à la main" in ws.partners()["name"].tolist()


def test_demo_force_replaces_the_file(cli, demo_path):
    with open_workspace(demo_path) as ws:
        ws.add_partner("Partenaire ajouté à la main", "other")

    code, out, err = cli("demo", demo_path, "--force")

    assert (code, err) == (EXIT_OK, "")
    assert "(12 partners, 20 people)" in out
    with open_workspace(demo_path) as ws:
        names = ws.partners()["name"].tolist()
    assert len(names) == 12 and "Partenaire ajouté à la main" not in names


def test_new_creates_an_empty_initiative(cli, tmp_path):
    path = tmp_path / "vide.cikit"
    code, out, err = cli("new", path, "--name", "Collectif des Saules", "--lang", "en")
    assert (code, err) == (EXIT_OK, "")
    assert out == f"New initiative created in {path}.\n"
    with open_workspace(path) as ws:
        assert ws.profile()["name"] == "Collectif des Saules"
        assert ws.profile()["default_lang"] == "en"
        assert ws.counts()["partners"] == 0


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The folder {folder} does not exist."),
        ("fr", "Le dossier {folder} n'existe pas."),
    ],
)
def test_new_in_a_folder_that_does_not_exist(cli, tmp_path, lang, message):
    folder = tmp_path / "nulle-part"
    code, out, err = cli("new", folder / "x.cikit", "--name", "Ici", lang=lang)
    assert (code, out) == (EXIT_PROBLEM, "")
    assert one_line(err) == message.format(folder=folder)
    assert not folder.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "A name is required."), ("fr", "Un nom est requis.")],
)
def test_new_with_a_blank_name(cli, tmp_path, lang, message):
    path = tmp_path / "sans-nom.cikit"
    code, _, err = cli("new", path, "--name", "   ", lang=lang)
    assert code == EXIT_PROBLEM
    assert one_line(err) == message
    assert not path.exists()


def test_new_and_check_on_a_database_url_never_print_the_password(cli, location):
    code, out, err = cli("new", location, "--name", "En ligne")
    assert (code, err) == (EXIT_OK, "")
    code, out2, err = cli("check", location)
    assert (code, err) == (EXIT_OK, "")
    code, _, err = cli("new", location, "--name", "Encore")
    assert code == EXIT_PROBLEM
    one_line(err)
    password = sa.engine.make_url(location).password if "://" in location else None
    if password:
        for text in (out, out2, err):
            assert f":{password}@" not in text


# -- check -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "{path}: workspace is sound (schema {version}).\n"),
        ("fr", "{path} : l'espace de travail est intact (schéma {version}).\n"),
    ],
)
def test_check_on_the_demo_passes(cli, demo_path, lang, message):
    code, out, err = cli("check", demo_path, lang=lang)
    assert (code, err) == (EXIT_OK, "")
    assert out == message.format(path=demo_path, version=SCHEMA_VERSION)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The workspace {path} is damaged or is not a cikit workspace"),
        ("fr", "L'espace de travail {path} est endommagé ou n'est pas un espace de travail cikit"),
    ],
)
def test_check_on_a_truncated_file_fails_in_one_line(cli, truncated, lang, message):
    code, out, err = cli("check", truncated, lang=lang)
    assert code != EXIT_OK
    assert out == ""
    assert one_line(err).startswith(message.format(path=truncated))


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "{path} is not a cikit workspace."),
        ("fr", "{path} n'est pas un espace de travail cikit."),
    ],
)
def test_check_on_a_text_file_fails(cli, text_file, lang, message):
    code, out, err = cli("check", text_file, lang=lang)
    assert (code, out) == (EXIT_PROBLEM, "")
    assert one_line(err) == message.format(path=text_file)


def test_check_on_a_missing_file_says_how_to_create_one(cli, tmp_path):
    path = tmp_path / "absent.cikit"
    code, _, err = cli("check", path)
    assert code == EXIT_PROBLEM
    assert one_line(err) == (
        f"There is no workspace at {path}. Create one with: cikit new {path} --name NAME"
    )
    assert not path.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Missing table: decisions."), ("fr", "Table manquante : decisions.")],
)
def test_check_reports_a_dropped_table(cli, demo_path, lang, message):
    with sqlite3.connect(demo_path) as conn:
        conn.execute("DROP TABLE decisions")
    conn.close()
    code, out, err = cli("check", demo_path, lang=lang)
    assert (code, out) == (EXIT_PROBLEM, "")
    assert one_line(err) == message


def test_usage_errors_exit_2_with_a_translated_label(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli("frobnicate", lang="fr")
    assert exit_.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "cikit: Commande invalide — " in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (["demo"], "fr", "cikit: Commande invalide — il manque : PATH"),
        (["demo"], "en", "cikit: Invalid command — missing: PATH"),
        (
            ["serve", "--port", "abc"],
            "fr",
            "--port : il faut un numéro de port de 1 à 65535, pas 'abc'",
        ),
        (
            ["serve", "--port", "70000"],
            "en",
            "--port: a port number from 1 to 65535 is needed, not '70000'",
        ),
        (["serve", "--pool-size", "x"], "fr", "--pool-size : il faut un nombre entier, pas 'x'"),
        (["new", "x.cikit", "--name", "n", "--lang", "de"], "en", "--lang: invalid choice"),
    ],
)
def test_argparse_complaints_are_translated(cli, capsys, args, lang, expected):
    with pytest.raises(SystemExit) as exit_:
        cli(*args, lang=lang)
    assert exit_.value.code == EXIT_USAGE
    assert expected in capsys.readouterr().err


# -- the real command, in its own process -------------------------------------------------------


def _cikit(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "CIKIT_LANG": lang, "PYTHONPATH": SOURCE}
    return subprocess.run(
        [sys.executable, "-m", "cikit.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_command_prints_no_traceback_for_a_damaged_file(truncated):
    result = _cikit("check", truncated)
    assert result.returncode == EXIT_PROBLEM
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    message = one_line(result.stderr)
    assert message.startswith(f"The workspace {truncated} is damaged")


def test_the_command_refuses_to_overwrite_in_french(demo_path):
    before = sha256(demo_path)
    result = _cikit("demo", demo_path, lang="fr")
    assert result.returncode == EXIT_PROBLEM
    assert (
        one_line(result.stderr) == f"{demo_path} existe déjà. Utilisez --force pour le remplacer."
    )
    assert sha256(demo_path) == before


@pytest.mark.parametrize(
    ("given", "where", "lang", "expected"),
    [
        ("court", "option", "fr", "La clé d'animation doit compter au moins 16 caractères"),
        ("short-key", "env", "en", "The facilitator key must have at least 16 characters"),
        (" padded-key-of-16+ ", "option", "en", "without spaces at either end"),
    ],
)
def test_serve_refuses_a_short_facilitator_key(cli, demo_path, monkeypatch, given, where,
                                              lang, expected):  # fmt: skip
    args = ["serve", "--workspace", demo_path, "--no-browser"]
    if where == "option":
        args += ["--facilitator-key", given]
    else:
        monkeypatch.setenv("CIKIT_FACILITATOR_KEY", given)
    code, out, err = cli(*args, lang=lang)
    assert code == EXIT_PROBLEM and out == ""
    assert expected in one_line(err)
    assert given.strip() not in err, "the key itself is not repeated"


def test_a_made_key_is_long_enough(monkeypatch):
    from cikit.serve import facilitator_key_for

    monkeypatch.delenv("CIKIT_FACILITATOR_KEY", raising=False)
    made = {facilitator_key_for(None) for _ in range(5)}
    assert len(made) == 5 and all(len(k) == 24 for k in made)
    assert facilitator_key_for("a-key-of-sixteen") == "a-key-of-sixteen"
