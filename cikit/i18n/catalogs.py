"""Keep the ``.po`` catalogs in step with the code.

``python -m cikit.i18n.catalogs`` extracts every marked message from the
package and merges it into ``fr`` and ``en`` catalogs, keeping existing
translations, so a translator edits plain ``.po`` files with any standard tool
(Poedit, Weblate, Lokalize).  ``missing()`` is what the test suite uses to fail
when a message lacks a translation in either language.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from cikit.i18n.translator import DOMAIN, LANGUAGES, catalog_path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "tr": None, "_tr": None, "gettext": None, "ngettext": (1, 2)}
_FIELD = re.compile(r"\{[a-z_]*\}")


def extract() -> Catalog:
    """All messages marked in the package's Python files."""
    template = Catalog(domain=DOMAIN, project="cikit")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE_DIR),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        template.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    return template


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        path = catalog_path(lang)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="cikit")
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(
            buffer,
            catalog,
            width=100,
            omit_header=False,
            sort_output=False,
            ignore_obsolete=True,
            include_lineno=False,
        )
        path.write_bytes(buffer.getvalue())


def missing(lang: str) -> list[str]:
    """Messages used in the code with no (or a fuzzy, or a broken) translation in ``lang``."""
    with catalog_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    problems = []
    for message in extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None or entry.fuzzy:
            problems.append(_as_text(message.id))
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if not all(strings):
            problems.append(_as_text(message.id))
        elif any(set(_FIELD.findall(s)) - set(_FIELD.findall(ids[-1])) for s in strings):
            problems.append(_as_text(message.id) + "  ({fields} differ)")
    return problems


def _as_text(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


if __name__ == "__main__":
    update()
    gaps = {lang: missing(lang) for lang in LANGUAGES}
    for lang, items in gaps.items():
        print(f"{lang}: {len(items)} message(s) to translate", file=sys.stderr)
