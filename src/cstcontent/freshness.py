"""A guide's content hash: one value that changes whenever what the guide says changes.

Every HTML output (the page, each fragment, the embed page, the oEmbed
response's ``html``) carries it as ``data-content-hash`` on the guide's
``<article>``, the oEmbed response and the partner snippet carry it too, and a
server can send `etag` of it as the ETag of any of a guide's outputs, without
rendering, to answer ``If-None-Match``. It is a *weak* ETag: two outputs with
the same hash say the same thing, though a new cstcontent version may write
them with other bytes (RFC 9110, section 8.8.1).

The hash covers the whole guide as the lossless ``json`` format holds it
(source line numbers aside) and the site settings, which change the page
(canonical URL, attribution, publisher).
"""

from __future__ import annotations

import hashlib
import json

import attrs

from ._memo import per_guide
from .model import ConditionGuide
from .serialization import guide_to_data
from .site import SiteSettings

__all__ = ["content_hash", "etag"]


@per_guide  # a batch puts it in five outputs of each guide
def content_hash(guide: ConditionGuide, site: SiteSettings | None = None) -> str:
    """Return ``sha256-`` and 32 hex digits: a digest of `guide` placed by `site`, and of `site`.

    Pass the guide and the site settings its outputs were made with.
    """
    if site is not None:
        guide = site.place(guide)
    data = {
        "guide": guide_to_data(guide),
        "site": attrs.asdict(site) if site is not None else None,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def etag(guide: ConditionGuide, site: SiteSettings | None = None) -> str:
    """Return the weak ETag of `guide`'s outputs, ``W/"sha256-..."``, as an HTTP header value."""
    return f'W/"{content_hash(guide, site)}"'
