"""Components driven headless: set values, click, assert on traits and callbacks."""

from __future__ import annotations

import ipywidgets as ipw
import pytest
import traitlets as tl

from cikit.components import (
    Column,
    EditableTable,
    LanguageSwitch,
    MessageArea,
    StepNavigator,
    URLParams,
    sector_chart,
)
from cikit.i18n import Translator

XSS = "<img src=x onerror=alert(1)>"


def test_message_area_escapes_and_sets_role():
    area = MessageArea()
    area.show(XSS, "error")
    assert "<img" not in area.value
    assert "&lt;img" in area.value
    assert 'role="alert"' in area.value
    area.clear()
    assert area.value == ""


def test_message_area_refuses_unknown_level():
    with pytest.raises(tl.TraitError, match="level must be one of"):
        MessageArea().level = "panic"


def test_language_switch_values():
    switch = LanguageSwitch("en")
    assert switch.value == "en"
    assert [label for label, _ in switch.options] == ["Français", "English"]
    with pytest.raises(tl.TraitError):
        switch.value = "de"


def test_step_navigator_moves_and_builds_lazily():
    built = []

    def later():
        built.append(1)
        return ipw.Label("two")

    nav = StepNavigator([("One", ipw.Label("one")), ("Two", later)], tr=Translator("en"))
    assert nav.previous.disabled and not nav.next.disabled
    assert built == []
    nav.next.click()
    assert nav.index == 1 and built == [1]
    assert nav.page.children[0].value == "two"
    assert nav.next.disabled
    nav.strip.value = 0
    assert nav.index == 0
    nav.index = 1
    assert built == [1], "a step is built once"
    with pytest.raises(tl.TraitError, match="index must be between 0 and 1"):
        nav.index = 5
    assert nav.previous.description == "Previous"
    assert StepNavigator([("A", ipw.Label())], tr=Translator("fr")).next.description == "Suivant"


def _table(editable=True, rows=()):
    columns = [
        Column("name", "Nom", required=True),
        Column(
            "sector", "Secteur", kind="choice", options=(("Santé", "health"), ("Autre", "other"))
        ),
    ]
    return EditableTable(
        columns, tr=Translator("fr"), rows=list(rows), editable=editable, add_title="Ajouter"
    )


def test_table_add_sends_the_typed_values():
    table = _table()
    seen = []
    table.on_add(seen.append)
    table.new_fields["name"].value = "CLSC"
    table.new_fields["sector"].value = "health"
    table.add_button.click()
    assert seen == [{"name": "CLSC", "sector": "health"}]
    table.clear_new()
    assert table.new_fields["name"].value == ""


def test_table_edit_and_confirmed_remove():
    table = _table(rows=[{"id": 7, "name": "A", "sector": "other"}])
    edits, removed = [], []
    table.on_edit(lambda *args: edits.append(args))
    table.on_remove(removed.append)
    row = table.body.children[1]
    name_cell = row.children[0]
    name_cell.children[1].value = "B"
    assert edits == [(7, "name", "B")]
    remove, confirm_box = row.children[-2], row.children[-1]
    remove.click()
    assert removed == [], "removing asks for confirmation first"
    confirm_box.children[0].click()
    assert removed == [7]


def test_table_readonly_escapes_text_and_has_no_form():
    table = _table(editable=False, rows=[{"id": 1, "name": XSS, "sector": "health"}])
    assert table.add_form not in table.children
    html_out = table.body.children[0].value
    assert "<img" not in html_out and "&lt;img" in html_out
    assert "Santé" in html_out, "choices are shown by their label"


def test_a_readonly_table_builds_no_field_a_browser_could_message():
    import ipywidgets as ipw
    from walker import registry, widget_ids

    before = widget_ids()
    table = _table(editable=False, rows=[{"id": 1, "name": "A", "sector": "health"}])
    table.set_options("sector", (("Éducation", "education"),))
    created = [registry()[m] for m in widget_ids() - before]
    assert table.add_form is None and table.new_fields == {}
    assert not [w for w in created if isinstance(w, (ipw.Text, ipw.Dropdown, ipw.Button))]
    seen = []
    table.on_add(seen.append)
    table._add()
    assert seen == [], "nothing to add from, and the table refuses anyway"
    table.editable = True
    assert table.add_form in table.children and set(table.new_fields) == {"name", "sector"}
    table.editable = False
    assert table.add_form is None, "the form is closed when editing ends"


def test_table_set_options_redraws_the_form():
    table = _table()
    table.set_options("sector", (("Éducation", "education"),))
    assert table.new_fields["sector"].options == (("Éducation", "education"),)


def test_url_params_truncates_and_type_checks():
    url = URLParams()
    url.query = "?" + "a" * 10_000
    assert len(url.query) == 4096
    with pytest.raises(tl.TraitError):
        url.query = 12


def test_sector_chart_keeps_missing_sectors_visible():
    fig = sector_chart(["A", "B"], [3, 0], title="T", count_label="n")
    present, missing = fig.marks
    assert list(present.x) == ["A", "B"] == list(missing.x)
    assert list(present.y) == [3, 0]
    assert missing.y[0] == 0 and missing.y[1] > 0, "a missing sector still gets a visible stub"
    assert present.colors != missing.colors


def test_a_failed_look_does_not_end_live_updates():
    from cikit.apps.framework.polling import Poller

    state = {"n": 0, "seen": 0}

    def check():
        state["n"] += 1
        if state["n"] == 2:
            raise RuntimeError("database driver hiccup")
        return state["n"]

    poller = Poller(check, lambda: state.__setitem__("seen", state["seen"] + 1))
    poller.prime()
    assert poller.tick() is False  # the failed look changes nothing
    assert poller.tick() is True and state["seen"] == 1  # and the next one still updates
