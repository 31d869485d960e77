"""Walk every widget a browser could message in a kernel, and poke each one as a hostile page would.

A participant's browser is untrusted code: Voila lets it send ``update`` and
``custom`` messages to *any* widget whose comm is open in its kernel, shown on
the page or not.  So the walker does not follow displayed children: it takes
every live widget (``ipywidgets.Widget.widgets``, the kernel's own registry)
and feeds each one the message a browser would send — a typed value, a chosen
option, a click, an uploaded file — through the same entry point as a real
comm message (``Widget._handle_msg``).

The walk is repeated until nothing new appears: choosing a step or a sub-choice
redraws the page and creates new widgets, which are poked in turn.  Each kind
of widget (its class, CSS classes, label, placeholder, options) is poked a
bounded number of times per view (role and step), so redraws cannot make the
walk endless.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as ipw

HOSTILE_TEXT = '=HYPERLINK("http://evil.example","x") <b>crawler</b>'
CSV_UPLOAD = (
    "indicator;period;value\nearly_dev_vulnerable;2030;1\npartenaire;activité;stratégie\n"
).encode()
PER_KIND = 4
"""How many widgets of one kind are poked per view (a redraw makes new ones of the same kind)."""
NAVIGATION = {
    "cikit-stage-picker",
    "cikit-steps",
    "cikit-agenda-tabs",
    "cikit-nav-button",
    "cikit-indicator-picker",
    "cikit-section-picker",
}
"""CSS classes of the controls that move the page to another view (redraw it)."""
MAX_OPTIONS = 8
"""Options tried per selection widget (the first and the last ones beyond that)."""


def registry() -> dict[str, ipw.Widget]:
    """The kernel's registry of widgets by model id (``Widget.widgets``, without its warning)."""
    from ipywidgets.widgets.widget import _instances as registry

    return registry


def live_widgets() -> dict[str, ipw.Widget]:
    """Every widget whose comm is open in this process, by model id (what a browser can reach)."""
    return {
        model_id: widget
        for model_id, widget in list(registry().items())
        if getattr(widget, "comm", None) is not None
    }


def send_update(widget: ipw.Widget, state: dict[str, Any], buffers: list | None = None) -> None:
    """What the kernel does with a browser's ``update`` message for this widget."""
    widget._handle_msg(
        {"content": {"data": {"method": "update", "state": state}}, "buffers": buffers or []}
    )


def send_click(widget: ipw.Widget) -> None:
    """What the kernel does with a browser's click on a button (a ``custom`` message)."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []}
    )


def _upload_value(name: str = "crawler.csv", data: bytes = CSV_UPLOAD) -> list[dict]:
    stamp = int(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
    return [{"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
             "last_modified": stamp}]  # fmt: skip


def kind(widget: ipw.Widget) -> tuple:
    """What makes two widgets 'the same control' across redraws."""
    options = getattr(widget, "_options_labels", None)
    return (
        type(widget).__name__,
        tuple(sorted(getattr(widget, "_dom_classes", ()) or ())),
        str(getattr(widget, "description", "") or ""),
        str(getattr(widget, "placeholder", "") or ""),
        str(getattr(widget, "tooltip", "") or ""),
        tuple(options)[:20] if options is not None else None,
    )


@dataclass
class Walk:
    """A record of one crawl: what was poked, and what each poke raised."""

    actions: int = 0
    clicks: int = 0
    updates: int = 0
    hidden_pokes: int = 0
    views: set = field(default_factory=set)
    kinds: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)


def _pokes(widget: ipw.Widget) -> list[tuple[Hashable, Callable[[], None]]]:
    """(variant, action) pairs a browser could send to ``widget``."""
    from cikit.components import LanguageSwitch, URLParams

    if isinstance(widget, LanguageSwitch):
        return []  # the language changes nothing a facilitator owns; it only doubles the walk
    if isinstance(widget, URLParams):
        queries = ("?lang=fr", "?lang=fr&role=facilitator&key=guess", "?role=facilitator")
        return [(q, lambda q=q: send_update(widget, {"query": q, "loaded": 1.0})) for q in queries]
    if isinstance(widget, ipw.Button):
        return [("click", lambda: send_click(widget))]
    if isinstance(widget, ipw.FileUpload) or type(widget).__name__ == "Upload":
        return [("file", lambda: send_update(widget, {"value": _upload_value()}))]
    if isinstance(widget, ipw.SelectMultiple):
        count = len(widget.options)
        return [("all", lambda: send_update(widget, {"index": list(range(min(count, 5)))}))]
    if isinstance(widget, (ipw.Dropdown, ipw.ToggleButtons, ipw.RadioButtons, ipw.Select)):
        count = len(widget.options)
        indices = list(range(count))
        if count > MAX_OPTIONS:
            indices = indices[: MAX_OPTIONS // 2] + indices[-MAX_OPTIONS // 2 :]
        return [(i, lambda i=i: send_update(widget, {"index": i})) for i in indices]
    if isinstance(widget, ipw.Checkbox):
        return [("toggle", lambda: send_update(widget, {"value": not widget.value}))]
    if isinstance(widget, (ipw.BoundedIntText, ipw.IntText)):
        return [("number", lambda: send_update(widget, {"value": 3}))]
    if isinstance(widget, ipw.DatePicker):
        return [("date", lambda: send_update(widget, {"value": {"year": 2026, "month": 0,
                                                                 "date": 15}}))]  # fmt: skip
    if isinstance(widget, (ipw.Text, ipw.Textarea)):
        return [("text", lambda: send_update(widget, {"value": HOSTILE_TEXT}))]
    return []


def _navigates(widget: ipw.Widget) -> bool:
    return bool(NAVIGATION & set(getattr(widget, "_dom_classes", ()) or ()))


def _order(widget: ipw.Widget) -> int:
    """Fill fields first, then choose, then click (a form's button acts on what was chosen),
    and move to another view last.

    A choice that moves the page to another step ends the sweep; the walk comes
    back to each step through its strip of steps, with newly drawn widgets.  A page
    whose strip of steps outlives its steps (the framework's pages redraw only the
    step) keeps one strip for the whole walk, so a view is left only once it is quiet:
    everything it drew, and everything its pokes drew, was poked first.
    """
    if _navigates(widget):
        return 3
    if isinstance(widget, ipw.Button):
        return 2
    if isinstance(widget, (ipw.Dropdown, ipw.ToggleButtons, ipw.RadioButtons, ipw.Select)):
        return 1
    return 0


def displayed(root: ipw.Widget) -> set[int]:
    """ids of the widgets reachable from ``root`` through children (what the page shows)."""
    found: set[int] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in found:
            continue
        found.add(id(widget))
        for name in ("children", "marks", "axes"):
            stack.extend(w for w in getattr(widget, name, ()) or () if isinstance(w, ipw.Widget))
    return found


def crawl(
    app: ipw.Widget,
    *,
    ignore: set[str],
    view: Callable[[], Hashable],
    max_actions: int = 5000,
    after_each: Callable[[], None] | None = None,
    navigate: bool = True,
) -> Walk:
    """Poke every live widget not in ``ignore`` (take it before building the app), until quiet.

    ``view`` names where the app stands (e.g. its role and step): each kind of
    widget is poked up to :data:`PER_KIND` times per view.  ``after_each`` runs
    after every poke (e.g. a cheap check that nothing changed).  ``navigate=False``
    leaves alone the controls that redraw the page (strips of steps, tabs, pickers),
    to poke everything of one view as it was built.
    """
    walk = Walk()
    before = set(ignore)
    done: Counter = Counter()
    poked: set[tuple[str, Hashable]] = set()
    while walk.actions < max_actions:
        progressed = False
        current = view()
        walk.views.add(current)
        candidates = [(mid, w) for mid, w in live_widgets().items() if mid not in before]
        candidates.sort(key=lambda item: _order(item[1]))
        shown = displayed(app)
        for model_id, widget in candidates:
            if getattr(widget, "comm", None) is None:
                continue  # closed by an earlier poke's redraw
            if _navigates(widget) and (not navigate or progressed):
                continue  # leave the view only once nothing else in it is left to poke
            if view() != current:
                break  # the page moved to another step: list its widgets again
            for variant, action in _pokes(widget):
                key = (current, kind(widget), variant)
                if (model_id, variant) in poked or done[key] >= PER_KIND:
                    continue
                poked.add((model_id, variant))
                done[key] += 1
                walk.actions += 1
                walk.kinds[kind(widget)[0]] += 1
                if isinstance(widget, ipw.Button):
                    walk.clicks += 1
                else:
                    walk.updates += 1
                if id(widget) not in shown:
                    walk.hidden_pokes += 1
                try:
                    action()
                except Exception as err:  # noqa: BLE001 - a refused value is the expected outcome
                    walk.errors.append((kind(widget), variant, repr(err)[:200]))
                if after_each is not None:
                    after_each()
                progressed = True
                if getattr(widget, "comm", None) is None or view() != current:
                    break
            if view() != current:
                break
        if not progressed:
            break
    return walk


def widget_ids() -> set[str]:
    """Model ids of every widget alive now (take it before building the app to walk)."""
    return set(registry())
