"""What the headless app tests share: building an app for each role, reading what it shows.

Tests act like the people using a workbook: they build the facilitator's or a
participant's app on a workspace, set widget values and click buttons, then read
the text the page would show.  ``conftest.py`` holds the fixtures (workspaces,
the demo, the server, the browser); this module holds the plain functions.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import ipywidgets as ipw

from cikit.apps import Role

FACILITATOR_KEY = "k"


def facilitator(app_class, ws, lang: str = "fr", *, stage: str | None = None):
    """The facilitator's app (the key checked), on ``stage`` when given."""
    app = app_class(ws, lang=lang, role=Role.FACILITATOR, facilitator_key=FACILITATOR_KEY)
    if stage:
        app.stage_picker.value = stage
    return app


def participant(app_class, ws, client: str, lang: str = "fr"):
    """A participant's app as their browser opens it: its client id known, then drawn."""
    app = app_class(ws, lang=lang, role=Role.PARTICIPANT)
    app.url.client_id = client
    app.render()
    return app


def walk(widget) -> Iterator[ipw.Widget]:
    """The widget and everything inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def strings(widget, names: tuple[str, ...] = ("value",)) -> list[str]:
    """The string traits ``names`` of every widget on the page, in order."""
    found = []
    for each in walk(widget):
        for name in names:
            value = getattr(each, name, None)
            if isinstance(value, str):
                found.append(value)
    return found


def shown(widget, names: tuple[str, ...] = ("value",)) -> str:
    """The page's text as a person reads it (HTML entities decoded)."""
    return html.unescape(" ".join(strings(widget, names)))


def raw(widget) -> str:
    """The page's values as sent to the browser (HTML still escaped)."""
    return " ".join(strings(widget))


def rendered_html(widget) -> str:
    """What is rendered as HTML (the ``ipw.HTML`` widgets), not the values of text inputs."""
    return " ".join(w.value for w in walk(widget) if isinstance(w, ipw.HTML))


def with_class(widget, css_class: str) -> ipw.Widget:
    """The first widget inside ``widget`` that carries ``css_class``."""
    return next(w for w in walk(widget) if css_class in getattr(w, "_dom_classes", ()))
