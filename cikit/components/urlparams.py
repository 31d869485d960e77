"""Read the page's query string from the browser.

With preheated kernels Voila runs a notebook before anyone asks for it, so
``?lang=`` and ``?role=`` are not in ``QUERY_STRING`` yet.  This invisible widget
reports ``window.location.search`` once its view is on the page, and writes the
language back into the address bar so a reload or a shared link keeps it.

The facilitator key leaves the address bar once the kernel has checked it
(``key_state``), and lives on in the tab's ``sessionStorage`` only: links inside
the app ask for the facilitator view without the key, and this widget adds the
stored key to what it reports.  A participant's tab never has one to add.
"""

from __future__ import annotations

import re

import anywidget
import traitlets as tl

_ESM = """
const KEY = "cikit-facilitator-key";

function stored() {
  try { return window.sessionStorage.getItem(KEY); } catch (err) { return null; }
}

function remember(key) {
  try {
    if (key) { window.sessionStorage.setItem(KEY, key); }
    else { window.sessionStorage.removeItem(KEY); }
  } catch (err) { /* private mode: the key then lives only in the address */ }
}

function render({ model, el }) {
  el.style.display = "none";
  // The facilitator key: from the address (a facilitator link), else from this tab's
  // session when the page asks for the facilitator view (a link inside the app, which
  // never carries the key).  It is sent to the kernel, which checks it.
  const params = new URLSearchParams(window.location.search);
  let sentKey = params.get("key");
  if (!sentKey && params.get("role") === "facilitator" && stored()) {
    sentKey = stored();
    params.set("key", sentKey);
  }
  const query = params.toString();
  model.set("query", query ? "?" + query : "");
  // One id per browser, kept across reloads, so an anonymous participant finds
  // their answers again.  Not a secret and not a login: only a way to say "me again".
  let client = null;
  try {
    client = window.localStorage.getItem("cikit-client");
    if (!client) {
      const bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      client = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      window.localStorage.setItem("cikit-client", client);
    }
  } catch (err) {
    client = "t" + Math.random().toString(16).slice(2) + Date.now().toString(16);
  }
  model.set("client_id", client);
  // Always a new value, so Python hears from every page even when the query is empty.
  model.set("loaded", Date.now());
  model.save_changes();
  const push = () => {
    const wanted = model.get("push") || {};
    const url = new URL(window.location.href);
    let changed = false;
    for (const [key, value] of Object.entries(wanted)) {
      if (typeof value === "string" && url.searchParams.get(key) !== value) {
        url.searchParams.set(key, value);
        changed = true;
      }
    }
    if (changed) {
      window.history.replaceState(window.history.state, "", url);
    }
  };
  model.on("change:push", push);
  push();
  // Once the kernel has checked the key, it leaves the address bar (a projector shows
  // it); an accepted key stays in this tab's session, so moving between workbooks keeps
  // the facilitator view, and a refused one is forgotten.
  const settle = () => {
    const state = model.get("key_state");
    if (state !== "accepted" && state !== "refused") { return; }
    remember(state === "accepted" ? sentKey : null);
    const url = new URL(window.location.href);
    if (url.searchParams.has("key")) {
      url.searchParams.delete("key");
      window.history.replaceState(window.history.state, "", url);
    }
  };
  model.on("change:key_state", settle);
  settle();
}
export default { render };
"""


class URLParams(anywidget.AnyWidget):
    """``query`` comes from the browser (untrusted); ``push`` goes to the address bar."""

    _esm = _ESM
    query = tl.Unicode("", help="window.location.search as the browser reported it.").tag(sync=True)
    client_id = tl.Unicode(
        "", help="A random id the browser keeps in localStorage (untrusted, checked)."
    ).tag(sync=True)
    loaded = tl.Float(
        0.0, help="Set by the browser each time the page shows the widget (a timestamp)."
    ).tag(sync=True)
    push = tl.Dict(
        default_value={}, help="Parameters to write into the address bar (strings only)."
    ).tag(sync=True)
    key_state = tl.Unicode(
        "", help="'accepted' or 'refused' once the kernel checked a facilitator key it was sent."
    ).tag(sync=True)

    @tl.validate("query")
    def _check_query(self, proposal):
        value = proposal.value
        if not isinstance(value, str):
            raise tl.TraitError(f"query must be a string, got {type(value).__name__}")
        return value[:4096]

    @tl.validate("client_id")
    def _check_client(self, proposal):
        value = proposal.value
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", value):
            return ""
        return value
