"""Hand a file made in the kernel to the browser as a download.

The bytes travel as a binary widget buffer (no base64 inside the page's HTML)
and the browser saves them through a Blob link it clicks itself, so a report
or a backup made by a button arrives like any downloaded file.
"""

from __future__ import annotations

import anywidget
import traitlets as tl

_ESM = """
function render({ model, el }) {
  el.style.display = "none";
  const save = () => {
    const data = model.get("data");
    const name = model.get("filename");
    if (!data || !name || !model.get("serial")) { return; }
    const bytes = data instanceof DataView ? data.buffer : data;
    const blob = new Blob([bytes], { type: model.get("mimetype") || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.rel = "noopener";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };
  model.on("change:serial", save);
}
export default { render };
"""


class Download(anywidget.AnyWidget):
    """Invisible; :meth:`send` makes the browser save ``data`` as ``filename``."""

    _esm = _ESM
    data = tl.Bytes(b"").tag(sync=True)
    filename = tl.Unicode("").tag(sync=True)
    mimetype = tl.Unicode("application/octet-stream").tag(sync=True)
    serial = tl.Int(0, help="Raised by one for each file sent; the browser saves on change.").tag(
        sync=True
    )

    def send(self, data: bytes, filename: str, mimetype: str) -> None:
        with self.hold_sync():
            self.data = data
            self.filename = filename
            self.mimetype = mimetype
            self.serial += 1
