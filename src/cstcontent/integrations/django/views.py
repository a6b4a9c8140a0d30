"""`GuideView`: a guide by slug, as a page of its own or inside a site template."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from ... import export
from ...model import ConditionGuide
from ._guides import folder_source, request_nonce, site_settings

__all__ = ["GuideView"]


class GuideView(View):
    """Serve the guide whose source is ``CSTCONTENT_GUIDES_DIR/<slug>.md`` (or ``.json``).

    Route it with a ``slug`` argument, e.g.
    ``path("conditions/<slug:slug>/", GuideView.as_view())``. With `template_name`
    set, that template is rendered with ``guide`` in its context (use
    ``{% cst_guide guide %}`` there); otherwise the guide's own standalone page is
    returned. A slug with no source is a 404; a source that is not a valid guide
    raises its `SourceError`, which Django reports as a server error.
    """

    template_name: str | None = None

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        """Answer ``GET``: the guide's page, or `template_name` rendered around it."""
        source = folder_source()
        if source.path(slug) is None:
            raise Http404(f"no guide called {slug!r}")
        guide = source.load(slug)
        if self.template_name is not None:
            return render(request, self.template_name, self.get_context_data(guide))
        page = export(guide, "html", nonce=request_nonce(None, request), site=site_settings())
        return HttpResponse(page, content_type="text/html; charset=utf-8")

    def get_context_data(self, guide: ConditionGuide) -> dict[str, Any]:
        """The context of `template_name`: the guide; override to add more."""
        return {"guide": guide}
