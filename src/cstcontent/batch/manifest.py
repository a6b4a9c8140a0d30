"""The manifest of incremental builds: what each output in a folder was built from.

It lives in the output folder as ``.cstcontent-manifest.jsonl``: a header line
(format, version, the library's fingerprint and each format's exporter key),
then one JSON array per source::

    ["/abs/guides/sciatica.md", "<sha256 of its bytes>", "sciatica",
     {"html": [".html", 18211], ...}, {"jsonld": ["the warning"]}]

An output is up to date when its source's bytes hash the same, its format's
key (exporter class, options, site settings, the bytes of its templates, the
plugin's version) is the same, the library is the same (version and the bytes
of its files) and the file is still there with the size it was written with.
Anything else rebuilds it. A manifest that cannot be read is ignored: the next
batch rebuilds everything and writes a new one.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from .. import __version__, exporters
from ..atomic import fsync_paths, write_temporary
from ..exporters.collection.base import GuideEntry
from ..model import Translation

__all__ = [
    "MANIFEST_NAME", "Entry", "Manifest", "ManifestWriter", "exporter_key", "guide_entry", "guide_entry_data",
    "library_fingerprint", "remove",
]  # fmt: skip

MANIFEST_NAME = ".cstcontent-manifest.jsonl"
_FORMAT = "cstcontent.manifest"
_VERSION = 1


@attrs.frozen
class Entry:
    """What one source's outputs were built from.

    Attributes:
        digest: The SHA-256 of the source's bytes.
        slug: The guide's slug, which names its outputs.
        files: The extension and size in bytes of each output written, by format.
        warnings: The warnings of each format: why its output was skipped (a format
            with warnings and no file), or what its exporter warned about.
        guide: The guide's `GuideEntry` as JSON data (what collection outputs need), once read.
    """

    digest: str
    slug: str
    files: dict[str, tuple[str, int]] = attrs.Factory(dict)
    warnings: dict[str, list[str]] = attrs.Factory(dict)
    guide: dict[str, Any] | None = None

    def without(self, formats: Iterable[str]) -> Entry:
        """This entry, forgetting the outputs of `formats`."""
        drop = set(formats)
        return Entry(
            self.digest,
            self.slug,
            {name: file for name, file in self.files.items() if name not in drop},
            {name: text for name, text in self.warnings.items() if name not in drop},
            self.guide,
        )


@functools.cache
def library_fingerprint() -> str:
    """A digest of the library's version and of the bytes of every file of the installed package."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def exporter_key(name: str, exporter: exporters.Exporter) -> str:
    """A digest of what the outputs of `exporter` depend on besides the guide and the library.

    That is where the exporter comes from (a plugin's version), its class, its
    options (its ``repr``: an attrs exporter lists every option, site settings
    included) and the bytes of the files it reads (``Exporter.dependencies``).
    """
    kind = type(exporter)
    try:
        origin = exporters.origin(name)
    except KeyError:  # an exporter object that was never registered
        origin = "unregistered"
    digest = hashlib.sha256(f"{origin}\0{kind.__module__}.{kind.__qualname__}\0{exporter!r}".encode())
    for path in exporter.dependencies():
        digest.update(b"\0" + os.fsencode(path) + b"\0" + Path(path).read_bytes())
    return digest.hexdigest()


class Manifest:
    """A manifest read from an output folder: the entries by source, and each format's key."""

    def __init__(self, entries: dict[str, Entry], keys: dict[str, str]) -> None:
        self.entries = entries
        self.keys = keys

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Read the manifest of `out_dir`: empty if missing, unreadable or from another library."""
        try:
            with open(out_dir / MANIFEST_NAME, encoding="utf-8") as file:
                header = json.loads(file.readline())
                if (header.get("format"), header.get("version"), header.get("library")) != (
                    _FORMAT,
                    _VERSION,
                    library_fingerprint(),
                ):
                    return cls({}, {})
                entries = {}
                for line in file:
                    source, digest, slug, files, warnings, guide = json.loads(line)
                    files = {name: (str(extension), int(size)) for name, (extension, size) in files.items()}
                    warnings = {name: [str(text) for text in texts] for name, texts in warnings.items()}
                    entries[source] = Entry(str(digest), str(slug), files, warnings, guide)
                return cls(entries, dict(header["keys"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls({}, {})

    def current(self, source: str, digest: str, keys: dict[str, str]) -> Entry | None:
        """The entry of `source` if it was built from these bytes, forgetting formats whose key changed."""
        entry = self.entries.get(source)
        if entry is None or entry.digest != digest:
            return None
        return entry.without(name for name in keys if self.keys.get(name) != keys[name])


class ManifestWriter:
    """Writes a new manifest line by line beside the old one, and puts it in place at the end."""

    def __init__(self, out_dir: Path, keys: dict[str, str]) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.temporary = write_temporary(self.path, b"", sync=False)
        self.file = open(self.temporary, "w", encoding="utf-8")  # noqa: SIM115 (closed in commit/abort)
        header = {"format": _FORMAT, "version": _VERSION, "library": library_fingerprint(), "keys": keys}
        self.file.write(json.dumps(header) + "\n")

    def add(self, source: str, entry: Entry) -> None:
        """Record the outputs of `source`."""
        line = [source, entry.digest, entry.slug, entry.files, entry.warnings, entry.guide]
        self.file.write(json.dumps(line, ensure_ascii=False) + "\n")

    def add_all(self, entries: Iterator[tuple[str, Entry]]) -> None:
        """Record many sources."""
        for source, entry in entries:
            self.add(source, entry)

    def commit(self, sync: bool) -> None:
        """Put the new manifest in place (after the outputs it describes are on disk, with `sync`)."""
        self.file.close()
        if sync:
            fsync_paths([self.temporary])
        os.replace(self.temporary, self.path)

    def abort(self) -> None:
        """Throw the new manifest away."""
        self.file.close()
        self.temporary.unlink(missing_ok=True)


def guide_entry_data(entry: GuideEntry) -> dict[str, Any]:
    """`entry` as JSON data for the manifest."""
    data: dict[str, Any] = {}
    for field in attrs.fields(GuideEntry):
        value = getattr(entry, field.name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif field.name == "translations":
            value = [[translation.language, translation.url] for translation in value]
        data[field.name] = value
    return data


def guide_entry(data: dict[str, Any]) -> GuideEntry:
    """The `GuideEntry` that `guide_entry_data` made `data` from."""
    fields = dict(data)
    for name in ("published", "modified", "last_reviewed", "next_review"):
        if fields.get(name) is not None:
            fields[name] = datetime.date.fromisoformat(fields[name])
    fields["translations"] = tuple(Translation(language, url) for language, url in fields["translations"])
    fields["authors"] = tuple(fields["authors"])
    return GuideEntry(**fields)


def remove(out_dir: Path) -> None:
    """Remove the manifest of `out_dir`, so that no file is vouched for until a new one is written."""
    (out_dir / MANIFEST_NAME).unlink(missing_ok=True)
