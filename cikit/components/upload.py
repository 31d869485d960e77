"""Choose a file in the browser and send it to the kernel, refusing one too large *before* sending.

A file travels to the kernel as one websocket message; above the server's
message limit the websocket is closed and the page dies without a word.  This
widget reads the file's size in the browser first: a file over ``max_bytes``
is never sent, the person reads why in their language right under the button,
and ``refused`` tells the kernel (for its log).  The value has the shape of
:class:`ipywidgets.FileUpload`'s (a tuple of dicts with ``name``, ``type``,
``size``, ``content`` and ``last_modified``), so apps read it the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import anywidget
import traitlets as tl

from cikit.errors import N_
from cikit.i18n import Translator
from cikit.limits import UPLOAD_MAX, megabytes

log = logging.getLogger("cikit.components.upload")

_ESM = """
function render({ model, el }) {
  const input = document.createElement("input");
  input.type = "file";
  input.style.display = "none";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-widgets jupyter-button widget-button widget-upload cikit-upload-button";
  const icon = document.createElement("i");
  icon.className = "fa fa-upload";
  icon.setAttribute("aria-hidden", "true");
  const text = document.createElement("span");
  button.append(icon, " ", text);
  const note = document.createElement("div");
  note.className = "cikit-upload-note";
  note.setAttribute("role", "alert");
  const draw = () => {
    input.accept = model.get("accept") || "";
    text.textContent = model.get("description") || "";
    button.disabled = !!model.get("disabled");
  };
  const megabytes = (size) => {
    const lang = model.get("lang") === "en" ? "en-CA" : "fr-CA";
    return (size / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 });
  };
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";  // choosing the same file again is a new upload
    if (!file) { return; }
    if (file.size > model.get("max_bytes")) {
      // Never sent: above the server's message limit the page would lose its kernel.
      note.textContent = (model.get("too_large") || "").split("{size}").join(megabytes(file.size));
      model.set("refused", { name: file.name.slice(0, 200), size: file.size, at: Date.now() });
      model.save_changes();
      return;
    }
    note.textContent = "";
    const buffer = await file.arrayBuffer();
    model.set("value", [{
      name: file.name, type: file.type, size: file.size,
      content: new DataView(buffer), last_modified: file.lastModified,
    }]);
    model.save_changes();
  });
  model.on("change:accept change:description change:disabled", draw);
  draw();
  el.append(button, input, note);
}
export default { render };
"""


def _from_json(value: Any, _widget: Any) -> tuple:
    """The browser's list of files as FileUpload's tuple of dicts (malformed entries dropped)."""
    files = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict):
            continue
        content = entry.get("content")
        if isinstance(content, (bytes, bytearray)):
            content = memoryview(bytes(content))
        if not isinstance(content, memoryview):
            continue
        stamp = entry.get("last_modified")
        try:
            modified = dt.datetime.fromtimestamp(float(stamp) / 1000, tz=dt.timezone.utc)
        except (TypeError, ValueError, OverflowError, OSError):
            modified = None
        files.append({
            "name": str(entry.get("name", ""))[:200],
            "type": str(entry.get("type", ""))[:200],
            "size": content.nbytes,
            "content": content,
            "last_modified": modified,
        })  # fmt: skip
    return tuple(files)


def _to_json(value: tuple, _widget: Any) -> list:
    out = []
    for entry in value or ():
        modified = entry.get("last_modified")
        out.append({
            **{k: entry.get(k) for k in ("name", "type", "size", "content")},
            "last_modified": int(modified.timestamp() * 1000) if modified else 0,
        })  # fmt: skip
    return out


class Upload(anywidget.AnyWidget):
    """A file chooser that refuses, in the browser, a file larger than ``max_bytes``."""

    _esm = _ESM
    value = tl.Tuple(help="The chosen file, as FileUpload gives it (untrusted bytes).").tag(
        sync=True, from_json=_from_json, to_json=_to_json
    )
    accept = tl.Unicode("", help="File types the chooser offers, e.g. '.csv,.xlsx'.").tag(sync=True)
    description = tl.Unicode("", help="The button's label.").tag(sync=True)
    disabled = tl.Bool(False, help="True greys the button out.").tag(sync=True)
    max_bytes = tl.Int(UPLOAD_MAX, help="Larger files are refused in the browser.").tag(sync=True)
    too_large = tl.Unicode(
        "", help="Message for a refused file, in the person's language; '{size}' is replaced."
    ).tag(sync=True)
    lang = tl.Unicode("fr", help="How the browser writes the size (fr: 62,5; en: 62.5).").tag(
        sync=True
    )
    refused = tl.Dict(help="Set by the browser when it refused a file (name, size).").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.observe(self._log_refusal, names="refused")

    @staticmethod
    def _log_refusal(change: dict) -> None:
        found = change["new"] if isinstance(change["new"], dict) else {}
        size = found.get("size")
        log.info("the browser refused a file over the upload limit (%s bytes)", str(size)[:20])


TOO_LARGE = N_("This file is too large ({size} MB; at most {limit} MB). Nothing was sent.")
from cikit.limits import EXCEL_TOO_LARGE  # noqa: E402,F401 - kept importable here


def file_chooser(tr: Translator, lang: str, *, accept: str, description: str) -> Upload:
    """An :class:`Upload` with the shared limit and its message in the person's language."""
    message = tr(TOO_LARGE).format(size="{size}", limit=megabytes(UPLOAD_MAX))
    return Upload(
        accept=accept,
        description=description,
        max_bytes=UPLOAD_MAX,
        too_large=message,
        lang=lang,
    )
