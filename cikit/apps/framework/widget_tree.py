"""Closing the widgets a redraw replaces.

Every widget has a comm in the kernel and a model in the browser; a page that redraws
on every poll would pile them up in both unless what it replaces is closed.  Here
rather than in :mod:`cikit.apps.framework.page` so that the page's parts (steps,
results, the join panel) can use it without importing the page.
"""

from __future__ import annotations

import ipywidgets as ipw


def close_tree(widget: ipw.Widget, keep: set[int] = frozenset()) -> None:
    """Close a widget and everything it shows (children, bqplot marks, axes and scales)."""
    if id(widget) in keep or getattr(widget, "comm", None) is None:
        return
    parts = list(getattr(widget, "children", ()) or ())
    for name in ("marks", "axes"):
        parts += list(getattr(widget, name, ()) or ())
    scales = getattr(widget, "scales", None)
    if isinstance(scales, dict):
        parts += list(scales.values())
    for part in parts:
        if isinstance(part, ipw.Widget):
            close_tree(part, keep)
    widget.close()


def replace_children(box: ipw.Box, children: tuple | list) -> None:
    """Show new children in ``box`` and close the old ones' comms, so redraws don't pile
    up widgets in the kernel and the browser."""
    children = tuple(children)
    keep = {id(w) for w in children}
    old = [w for w in box.children if id(w) not in keep]
    box.children = children
    for widget in old:
        close_tree(widget, keep)


__all__ = ["close_tree", "replace_children"]
