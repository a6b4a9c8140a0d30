"""An MkDocs plugin that renders condition guides as guide pages with their JSON-LD.

In ``mkdocs.yml``::

    plugins:
      - cstcontent:
          isolation: scoped   # shadow, scoped (default) or none
          heading_level: 1

A page is a guide when its front matter has a ``condition`` key (cstcontent's
source format requires one). Its content is replaced by cstcontent's fragment,
JSON-LD included; an invalid guide stops the build with ``path:line: message``.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .. import export, load
from ..errors import CstContentError
from ..exporters.html import ISOLATIONS

__all__ = ["GuidePlugin", "GuidePluginConfig"]


class GuidePluginConfig(base.Config):
    """The plugin's options."""

    isolation = options.Choice(ISOLATIONS, default="scoped")
    heading_level = options.Type(int, default=1)


class GuidePlugin(BasePlugin[GuidePluginConfig]):
    """Replaces the content of every guide page with cstcontent's rendering of it."""

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str | None:
        """Render `page` with cstcontent when it is a guide; leave other pages alone."""
        if "condition" not in page.meta:
            return html
        try:
            guide = load(page.file.abs_src_path)
            return export(
                guide,
                "html",
                standalone=False,
                isolation=self.config.isolation,
                heading_level=self.config.heading_level,
            )
        except CstContentError as error:
            raise PluginError(str(error)) from None
        except ValueError as error:  # an invalid heading_level
            raise PluginError(f"cstcontent plugin: {error}") from None
