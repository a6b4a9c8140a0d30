"""The Django integration: template tags in a real template, and the view, through Django's test client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

django = pytest.importorskip("django", reason="the django extra is not installed")
pytest.importorskip("csp", reason="django-csp (a test dependency) is not installed")

from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

import cstcontent  # noqa: E402

FIXTURES = Path(__file__).parent.parent / "fixtures"
TEMPLATES = Path(__file__).parent / "data" / "django" / "templates"


def _urlpatterns() -> list[object]:
    from cstcontent.integrations.django.views import GuideView

    return [
        path("conditions/<slug:slug>/", GuideView.as_view()),
        path("clinic/<slug:slug>/", GuideView.as_view(template_name="guide_page.html")),
    ]


urlpatterns: list[object] = []


@pytest.fixture(scope="module", autouse=True)
def django_site() -> None:
    """Configure Django once for this process: django-csp's middleware sets the request's nonce."""
    if not settings.configured:
        from csp.constants import NONCE, SELF

        settings.configure(
            DEBUG=False,
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF=__name__,
            SECRET_KEY="tests-only",
            INSTALLED_APPS=["csp", "cstcontent.integrations.django"],
            MIDDLEWARE=["csp.middleware.CSPMiddleware"],
            CONTENT_SECURITY_POLICY={
                "DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE], "style-src": [SELF, NONCE]}
            },
            TEMPLATES=[
                {
                    "BACKEND": "django.template.backends.django.DjangoTemplates",
                    "DIRS": [str(TEMPLATES)],
                    "APP_DIRS": True,
                    "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
                }
            ],
            CSTCONTENT_GUIDES_DIR=str(FIXTURES),
        )
        django.setup()
    urlpatterns[:] = _urlpatterns()


def _policy_nonce(response: object) -> str:
    policy = response["Content-Security-Policy"]  # type: ignore[index]
    return policy.split("'nonce-", 1)[1].split("'", 1)[0]


def _nodes(data: object) -> list[dict[str, object]]:
    """Every JSON object in `data`, nested ones included."""
    if isinstance(data, list):
        return [node for item in data for node in _nodes(item)]
    if isinstance(data, dict):
        return [data, *(node for value in data.values() for node in _nodes(value))]
    return []


def test_the_view_serves_a_guide_page_whose_styles_carry_the_request_nonce() -> None:
    from django.test import Client

    response = Client().get("/conditions/sciatica/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html
    assert "Craniosacral Therapy for Sciatica" in html
    nonce = _policy_nonce(response)
    assert html.count(f'nonce="{nonce}"') == html.count("<style") + html.count("<script")


def test_an_unknown_or_invalid_slug_is_a_404() -> None:
    from django.test import Client

    assert Client().get("/conditions/no-such-guide/").status_code == 404
    assert Client().get("/conditions/..%2fREADME/").status_code == 404


def test_template_tags_render_the_fragment_and_jsonld_in_a_real_template() -> None:
    from django.test import Client

    response = Client().get("/clinic/migraine/")
    assert response.status_code == 200
    html = response.content.decode()
    guide = cstcontent.load(FIXTURES / "migraine.md")
    assert html.count("<h1") == 1  # the site's own; the guide's title is an <h2>
    assert f">{guide.title}</h2>" in html
    assert 'class="cst-guide' in html  # the scoped fragment
    nonce = _policy_nonce(response)
    scripts = html.split('<script type="application/ld+json"')
    assert len(scripts) == 2  # only cst_jsonld's graph: the fragment leaves it out
    assert scripts[1].startswith(f' nonce="{nonce}">')
    graph = json.loads(scripts[1].split(">", 1)[1].split("</script>", 1)[0])
    questions = {node["name"] for node in _nodes(graph) if node.get("@type") == "Question"}
    assert questions == {item.question for item in guide.faqs}
    assert html.count(f'nonce="{nonce}"') == html.count("<style") + html.count("<script")


def test_the_tags_refuse_something_that_is_not_a_guide() -> None:
    from django.template import Context, Template, TemplateSyntaxError

    template = Template("{% load cstcontent %}{% cst_guide guide %}")
    with pytest.raises(TemplateSyntaxError, match="need a ConditionGuide, not str"):
        template.render(Context({"guide": "<script>alert(1)</script>"}))
