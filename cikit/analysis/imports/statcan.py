"""Statistics Canada tables as downloaded: full tables and custom downloads, English or French.

Both downloads "for database loading" share one layout (the "full table" and the
"selected data" CSV): one value per row, with ``REF_DATE``, ``GEO``, ``DGUID``,
one column per dimension of the table (``Sex``, ``Age group``…), ``UOM``,
``UOM_ID``, ``SCALAR_FACTOR``, ``SCALAR_ID``, ``VECTOR``, ``COORDINATE``,
``VALUE``, ``STATUS``, ``SYMBOL``, ``TERMINATED`` and ``DECIMALS``; the French
download names them ``PÉRIODE DE RÉFÉRENCE``, ``GÉO``, ``UNITÉ DE MESURE``,
``FACTEUR SCALAIRE``, ``VALEUR``, ``STATUT``, ``SYMBOLE``…  A full table comes
zipped with a ``…_MetaData.csv`` file, read here for the table's title and
number.  Values are machine-written: a point is their decimal mark (a comma in a
file separated by semicolons).  ``SCALAR_ID`` (else ``SCALAR_FACTOR``) gives the
power of ten the values are in: thousands multiply them by 1,000.  ``STATUS``
and ``SYMBOL`` carry the symbols of :mod:`cikit.analysis.imports.series`.

The file is read in chunks and only the rows chosen are kept, so a full table
of millions of rows does not need gigabytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Sequence

import pandas as pd

from cikit.analysis.imports.series import (
    Choice,
    Series,
    check_filter_values,
    distinct,
    filter_mask,
    geo_candidate,
    resolve_filters,
)
from cikit.analysis.imports.table import (
    MAX_ROWS,
    ImportFileError,
    Unpacked,
    decode,
    separator,
)
from cikit.analysis.imports.template import fold

ROLES: dict[str, tuple[str, str]] = {
    "ref_date": ("REF_DATE", "PÉRIODE DE RÉFÉRENCE"),
    "geo": ("GEO", "GÉO"),
    "dguid": ("DGUID", "DGUID"),
    "uom": ("UOM", "UNITÉ DE MESURE"),
    "uom_id": ("UOM_ID", "IDENTIFICATEUR D'UNITÉ DE MESURE"),
    "scalar_factor": ("SCALAR_FACTOR", "FACTEUR SCALAIRE"),
    "scalar_id": ("SCALAR_ID", "IDENTIFICATEUR SCALAIRE"),
    "vector": ("VECTOR", "VECTEUR"),
    "coordinate": ("COORDINATE", "COORDONNÉES"),
    "value": ("VALUE", "VALEUR"),
    "status": ("STATUS", "STATUT"),
    "symbol": ("SYMBOL", "SYMBOLE"),
    "terminated": ("TERMINATED", "TERMINÉ"),
    "decimals": ("DECIMALS", "DÉCIMALES"),
}
"""Statistics Canada's column names, English then French, by role."""
REQUIRED = ("ref_date", "geo", "value")
SCALES: dict[str, int] = {
    "units": 0, "tens": 1, "hundreds": 2, "thousands": 3, "tens of thousands": 4,
    "hundreds of thousands": 5, "millions": 6, "tens of millions": 7,
    "hundreds of millions": 8, "billions": 9,
    "unites": 0, "dizaines": 1, "centaines": 2, "milliers": 3, "dizaines de milliers": 4,
    "centaines de milliers": 5, "dizaines de millions": 7, "centaines de millions": 8,
    "milliards": 9,
}  # fmt: skip
"""``SCALAR_FACTOR`` in words (English and French) as a power of ten."""
CHUNK = 100_000
_PRODUCT = re.compile(r"(?<![0-9])([0-9]{8})(?:[0-9]{2})?(?![0-9])")


def _key(name: str) -> str:
    return fold(str(name).replace("\u2019", "'"))


_BY_KEY = {_key(name): (role, n) for role, names in ROLES.items() for n, name in enumerate(names)}


def language(header: Sequence[str]) -> str | None:
    """``"en"`` or ``"fr"`` when ``header`` is a Statistics Canada table's, else None.

    >>> language(["REF_DATE", "GEO", "DGUID", "Sex", "VALUE"]), language(["GÉO", "VALEUR"])
    ('en', None)
    """
    found: dict[str, int] = {}
    for name in header:
        role = _BY_KEY.get(_key(name))
        if role:
            found.setdefault(role[0], role[1])
    if not all(r in found for r in REQUIRED):
        return None
    return "fr" if found["ref_date"] == 1 else "en"


def product_id(text: str) -> str:
    """A table number as people write it (``17-10-0005-01``) from ``17100005`` in ``text``."""
    found = _PRODUCT.search(text or "")
    if not found:
        return ""
    digits = found[1]
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:8]}-01"


def metadata_labels(data: bytes | None) -> tuple[str, str]:
    """The table's title and number from its ``…_MetaData.csv`` (English or French)."""
    if not data:
        return "", ""
    try:
        rows = list(csv.reader(io.StringIO(decode(data)[:200_000])))
    except (csv.Error, ImportFileError):
        return "", ""
    for n, row in enumerate(rows[:-1]):
        keys = [_key(c) for c in row]
        if keys and keys[0] in ("cube title", "titre du cube"):
            values = rows[n + 1]
            title = values[0].strip() if values else ""
            pid_at = next((i for i, k in enumerate(keys) if k in
                           ("product id", "identificateur du produit")), None)  # fmt: skip
            pid = values[pid_at] if pid_at is not None and pid_at < len(values) else ""
            return title, product_id(pid)
    return "", ""


def read(unpacked: Unpacked, choice: Choice) -> Series:
    """The rows of ``choice`` (filters and places, loosely) from a Statistics Canada CSV."""
    encoding = _encoding(unpacked.data)
    head = unpacked.data[:100_000].decode(encoding, errors="ignore").lstrip("\ufeff")
    header_line = head.split("\n", 1)[0]
    sep = separator(head, header=header_line)
    header = next(csv.reader([header_line.strip("\r")], delimiter=sep))
    lang = language(header) or "en"
    roles: dict[str, str] = {}
    dimensions: list[str] = []
    for name in header:
        role = _BY_KEY.get(_key(name))
        if role and role[0] not in roles:
            roles[role[0]] = name
        elif not role and name.strip():
            dimensions.append(name)
    if "uom" in roles:
        dimensions.append(roles["uom"])
    geo_column = roles["geo"]
    filters = resolve_filters(choice.filters, dimensions, geo_column)
    wanted = {roles[r] for r in roles if r not in ("dguid", "uom_id", "vector", "coordinate",
                                                    "decimals")} | set(dimensions)  # fmt: skip
    seen: dict[str, list[str]] = {}
    chosen_seen: dict[str, list[str]] = {}
    kept: list[pd.DataFrame] = []
    kept_rows = 0
    overflow = False
    left_aside = 0
    filled = [roles[r] for r in REQUIRED]
    for chunk in _chunks(unpacked.data, encoding, sep, wanted):
        chunk = chunk[(chunk[filled] != "").any(axis=1)].rename(columns={geo_column: "_geo"})
        distinct(chunk, ["_geo", *dimensions], seen)
        mask = filter_mask(chunk, filters, geo_column)
        if choice.geo:
            mask &= geo_candidate(chunk, choice.geo)
        left_aside += int((~mask).sum())
        chosen = chunk[mask]
        distinct(chosen, ["_geo", *dimensions], chosen_seen)
        kept_rows += len(chosen)
        if kept_rows > MAX_ROWS:
            overflow = True
        elif len(chosen):
            kept.append(chosen)
    by_name = {**{d: seen.get(d, []) for d in dimensions}, geo_column: seen.get("_geo", [])}
    spelled = check_filter_values(filters, by_name)
    if overflow:
        _explain_overflow(choice, geo_column, dimensions, chosen_seen)
    frame = pd.concat(kept) if kept else pd.DataFrame(columns=["_line", "_geo", *wanted])
    title, table_id = metadata_labels(unpacked.metadata)
    return Series(
        format="statcan",
        file=unpacked.name,
        frame=_internal(frame, roles, dimensions),
        dimensions=dimensions,
        geo_column=geo_column,
        geos=seen.get("_geo", []),
        decimal="," if sep == ";" else ".",
        language=lang,
        title=title,
        table_id=table_id or product_id(unpacked.member or unpacked.name),
        left_aside=left_aside,
        filters=spelled,
    )


def _encoding(data: bytes) -> str:
    """UTF-16 (with its BOM), UTF-8 (BOM or not) or else Windows-1252, found without
    decoding the whole file at once (a full table can weigh hundreds of megabytes)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if b"\x00" in data[:65536]:
        raise ImportFileError("unreadable")
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    try:
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _chunks(data: bytes, encoding: str, sep: str, wanted: set[str]):
    line = 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            reader = pd.read_csv(io.BytesIO(data), encoding=encoding, sep=sep, dtype=str,
                                 keep_default_na=False, na_filter=False, skip_blank_lines=False,
                                 index_col=False, usecols=lambda c: c in wanted,
                                 chunksize=CHUNK, engine="c")  # fmt: skip
            for chunk in reader:
                chunk.insert(0, "_line", range(line, line + len(chunk)))
                line += len(chunk)
                yield chunk
    except pd.errors.EmptyDataError as err:
        raise ImportFileError("empty") from err
    except (pd.errors.ParserError, ValueError, csv.Error, UnicodeDecodeError) as err:
        raise ImportFileError("unreadable") from err


def _explain_overflow(
    choice: Choice, geo_column: str, dimensions: list[str], chosen: dict[str, list[str]]
) -> None:
    """Too many rows chosen: say which choice is missing, rather than only "too many"."""
    if not choice.geo and len(chosen.get("_geo", [])) > 1:
        raise ImportFileError("several_geos", column=geo_column, values=chosen["_geo"][:30])
    for column in dimensions:
        if len(chosen.get(column, [])) > 1:
            raise ImportFileError("mixed_series", column=column, values=chosen[column][:30])
    raise ImportFileError("too_many_rows")


def _internal(frame: pd.DataFrame, roles: dict[str, str], dimensions: list[str]) -> pd.DataFrame:
    def column(role: str) -> pd.Series:
        name = roles.get(role)
        if name is None or name not in frame:
            return pd.Series("", index=frame.index, dtype=object)
        return frame[name].astype(str).str.strip()

    flags = column("status") + "," + column("symbol") + "," + column("terminated")
    scale_id = pd.to_numeric(column("scalar_id"), errors="coerce")
    words = column("scalar_factor").map(lambda w: SCALES.get(_key(w)))
    scale = scale_id.where(scale_id.between(0, 12), words).fillna(0).astype(int)
    out = pd.DataFrame(
        {
            "_line": frame["_line"].astype(int) if len(frame) else pd.Series(dtype=int),
            "_period": column("ref_date"),
            "_value": column("value"),
            "_geo": frame["_geo"].astype(str) if len(frame) else pd.Series(dtype=object),
            "_flags": flags,
            "_scale": scale,
            "_unit": column("uom"),
        },
        index=frame.index,
    )
    for name in dimensions:
        out[name] = frame[name].astype(str).str.strip() if name in frame else ""
    return out
