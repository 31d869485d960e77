"""Open an untrusted zip (a backup, an Excel file) only if it stays within stated bounds.

A zip states how many files it holds and how large each is once unpacked, and
the reader believes it: a "zip bomb" of a few kilobytes can claim millions of
members (Python builds an object for each before anyone can count them) or
gigabytes of content.  So the member count is read from the zip's last record
before :class:`zipfile.ZipFile` parses the directory, and the declared sizes are
added up before any member is read.  ``zipfile`` never unpacks more than a
member's declared size (it then fails its checksum), so a bound on declared
sizes bounds what is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

_END = b"PK\x05\x06"
_END_SIZE = 22
_COMMENT_MAX = 0xFFFF


class ZipLimitError(ValueError):
    """A zip over a limit (``reason``: ``not_a_zip``, ``too_many_members``, ``too_large``)."""

    def __init__(self, reason: str, *, found: int = 0, limit: int = 0, name: str = "") -> None:
        self.reason, self.found, self.limit, self.name = reason, found, limit, name
        super().__init__(f"{reason}: {found} > {limit} {name}".strip())


def member_count(source: BinaryIO) -> int:
    """The number of members a zip says it holds (from its end record), without parsing it."""
    source.seek(0, io.SEEK_END)
    size = source.tell()
    tail_size = min(size, _END_SIZE + _COMMENT_MAX)
    source.seek(size - tail_size)
    tail = source.read(tail_size)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        raise ZipLimitError("not_a_zip")
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    source.seek(0)
    return count


def open_bounded(
    source: str | Path | BinaryIO, *, max_members: int, max_unpacked: int
) -> zipfile.ZipFile:
    """A :class:`zipfile.ZipFile` over ``source`` (a path or a binary file), refused when over
    either bound.

    A zip64 archive (65,535 members or more) is refused by its count: nothing
    cikit reads needs one.
    """
    try:
        if isinstance(source, (str, Path)):
            with open(source, "rb") as handle:
                count = member_count(handle)
        else:
            count = member_count(source)
    except OSError as err:
        raise ZipLimitError("not_a_zip") from err
    if count >= 0xFFFF or count > max_members:
        raise ZipLimitError("too_many_members", found=count, limit=max_members)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ZipLimitError("not_a_zip") from err
    infos = archive.infolist()
    if len(infos) > max_members:
        archive.close()
        raise ZipLimitError("too_many_members", found=len(infos), limit=max_members)
    total = sum(info.file_size for info in infos)
    if total > max_unpacked:
        archive.close()
        raise ZipLimitError("too_large", found=total, limit=max_unpacked)
    return archive


_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?si[\s/>]")
_OVERLAP = 64  # longer than any match, so one cut across a chunk boundary is counted once


def count_items(
    archive: zipfile.ZipFile, name: str, *, max_bytes: int, max_items: int, chunk: int = 1 << 20
) -> int:
    """How many ``<si>`` entries (Excel's shared strings) member ``name`` holds, within bounds.

    Read in chunks, so counting costs no more memory than one chunk.
    """
    info = archive.getinfo(name)
    if info.file_size > max_bytes:
        raise ZipLimitError("too_large", found=info.file_size, limit=max_bytes, name=name)
    count, carry = 0, b""
    with archive.open(info) as member:
        while block := member.read(chunk):
            data = carry + block
            cut = max(0, len(data) - _OVERLAP)
            count += sum(1 for m in _ITEM.finditer(data) if m.start() < cut)
            carry = data[cut:]
            if count > max_items:
                raise ZipLimitError("too_many_members", found=count, limit=max_items, name=name)
    count += len(_ITEM.findall(carry))
    if count > max_items:
        raise ZipLimitError("too_many_members", found=count, limit=max_items, name=name)
    return count
