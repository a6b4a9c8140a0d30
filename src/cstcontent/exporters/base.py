"""The exporter base class: the one extension point for output formats."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from ..model import ConditionGuide

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Exporter"]


@attrs.frozen(kw_only=True)
class Exporter:
    """Renders a `ConditionGuide` in one output format.

    A subclass is a frozen attrs class whose fields are its options, each typed
    and validated, so an unknown or ill-typed option fails loudly::

        @attrs.frozen(kw_only=True)
        class FaqCsvExporter(Exporter):
            name: ClassVar[str] = "faq-csv"
            media_type: ClassVar[str] = "text/csv"
            extension: ClassVar[str] = ".csv"
            delimiter: str = ","

            def export(self, guide: ConditionGuide) -> str:
                ...

    Register it under the ``cstcontent.exporters`` entry-point group (or call
    `cstcontent.exporters.register`) and ``cstcontent.export(guide, "faq-csv")``
    and the CLI's ``--to faq-csv`` find it.

    Attributes:
        name: The format's name, as given to ``export`` and ``--to``.
        media_type: The IANA media type of the output, e.g. ``text/html``.
        extension: The output file's suffix, with its dot, e.g. ``.html``.
    """

    name: ClassVar[str]
    media_type: ClassVar[str]
    extension: ClassVar[str]

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` rendered in this format.

        Raises:
            ExportError: The guide cannot be rendered in this format.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement export()")

    def dependencies(self) -> tuple[Path, ...]:
        """Return the files an output depends on besides the guide (e.g. templates).

        Incremental batches rebuild every output of this exporter when one of
        these files changes, as they do when an option changes.
        """
        return ()
