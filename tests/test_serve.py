"""The preview server and the ASGI/WSGI helper, over real HTTP on a loopback port."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
import time
import wsgiref.util
from collections.abc import Iterator
from pathlib import Path

import httpx
import lxml.html
import pytest

import cstcontent
from cstcontent.cli import main
from cstcontent.serve import FolderSource, GuideService, wsgi_app
from cstcontent.serve.command import build_preview_app
from cstcontent.serve.sources import source_line

FIXTURES = Path(__file__).parent.parent / "fixtures"


class Server:
    """A uvicorn server in a background thread, on a free port of 127.0.0.1."""

    def __init__(self, app: object) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def raw_get(self, target: str) -> tuple[int, bytes]:
        """GET `target` exactly as written (no client-side normalisation of '..')."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", target)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@pytest.fixture
def guides(tmp_path: Path) -> Path:
    folder = tmp_path / "guides"
    folder.mkdir()
    for source in FIXTURES.glob("*.md"):
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def server(guides: Path) -> Iterator[Server]:
    with Server(build_preview_app(guides)) as running:
        yield running


def _nonce(response: httpx.Response) -> str:
    policy = response.headers["content-security-policy"]
    return policy.split("'nonce-", 1)[1].split("'", 1)[0]


def _elements_with_nonce(html: str) -> list[tuple[str, str | None]]:
    """(tag, nonce) of every <style> and <script>, inside <template> shadow roots too."""
    found = []
    tree = lxml.html.fromstring(html)
    for template in tree.iter("template"):  # lxml keeps a template's content as children
        tree.append(template)
    for element in tree.iter("style", "script"):
        found.append((element.tag, element.get("nonce")))
    return found


def test_the_index_lists_every_guide_with_its_formats_and_fragments(server: Server) -> None:
    response = httpx.get(server.url + "/")
    assert response.status_code == 200
    for source in FIXTURES.glob("*.md"):
        guide = cstcontent.load(source)
        assert guide.title in response.text
        for link in (f"/{guide.slug}", f"/{guide.slug}.jsonld", f"/{guide.slug}/embed/shadow"):
            assert f'href="{link}"' in response.text


def test_a_guide_page_has_a_policy_that_every_style_and_script_satisfies(server: Server) -> None:
    response = httpx.get(server.url + "/sciatica")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Craniosacral Therapy for Sciatica" in response.text
    nonce = _nonce(response)
    elements = _elements_with_nonce(response.text)
    assert {tag for tag, _ in elements} == {"style", "script"}  # page style, JSON-LD, reload script
    assert all(found == nonce for _, found in elements), elements


@pytest.mark.parametrize("mode", ["shadow", "scoped", "none"])
def test_fragments_carry_the_response_nonce(server: Server, mode: str) -> None:
    response = httpx.get(f"{server.url}/sciatica/fragment/{mode}")
    assert response.status_code == 200
    assert "<html" not in response.text  # a bare fragment
    assert ('shadowrootmode="open"' in response.text) == (mode == "shadow")
    nonce = _nonce(response)
    assert all(found == nonce for _, found in _elements_with_nonce(response.text))


def test_each_format_is_served_with_its_media_type(server: Server) -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    jsonld = httpx.get(server.url + "/sciatica.jsonld")
    assert jsonld.headers["content-type"] == "application/ld+json; charset=utf-8"
    assert json.loads(jsonld.text)["@type"] == "FAQPage"
    markdown = httpx.get(server.url + "/sciatica.md")
    assert cstcontent.loads(markdown.text, path="sciatica.md") == guide
    data = httpx.get(server.url + "/sciatica.json")
    assert cstcontent.loads(data.text, format="json") == guide
    text = httpx.get(server.url + "/sciatica.txt")
    assert text.headers["content-type"].startswith("text/plain")
    assert guide.faqs[0].question in text.text


def test_a_matching_etag_gets_304_and_a_changed_source_a_new_etag(server: Server, guides: Path) -> None:
    first = httpx.get(server.url + "/migraine")
    etag = first.headers["etag"]
    again = httpx.get(server.url + "/migraine", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert httpx.get(server.url + "/migraine", headers={"If-None-Match": '"other"'}).status_code == 200
    source = guides / "migraine.md"
    source.write_text(source.read_text().replace("Migraine", "Migraines", 1))
    changed = httpx.get(server.url + "/migraine", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_the_oembed_endpoint_answers_for_a_guide_url(server: Server) -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    response = httpx.get(server.url + "/oembed", params={"url": f"{server.url}/sciatica", "maxwidth": "500"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    data = json.loads(response.text)
    assert (data["version"], data["type"], data["width"]) == ("1.0", "rich", 500)
    assert guide.title in data["html"]
    assert httpx.get(server.url + "/oembed", params={"url": "https://x.example/nope"}).status_code == 404
    assert httpx.get(server.url + "/oembed", params={"url": "https://x.example/../etc"}).status_code == 404
    assert (
        httpx.get(
            server.url + "/oembed", params={"url": f"{server.url}/sciatica", "format": "xml"}
        ).status_code
        == 501
    )


def test_head_answers_with_headers_only(server: Server) -> None:
    response = httpx.head(server.url + "/sciatica")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) > 1000
    assert httpx.post(server.url + "/sciatica").status_code == 405


@pytest.mark.parametrize(
    "target",
    [
        "/../pyproject.toml",
        "/%2e%2e/%2e%2e/pyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "/sciatica/../../pyproject.toml",
        "/%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/sciatica.md/../../x",
        "/SCIATICA",
        "/sciatica%00.md",
        "/outside",
    ],
)
def test_nothing_outside_the_folder_is_served(server: Server, guides: Path, target: str) -> None:
    (guides.parent / "outside.md").write_text(FIXTURES.joinpath("migraine.md").read_text())
    (guides / "outside.md").symlink_to(guides.parent / "outside.md")
    status, body = server.raw_get(target)
    assert status == 404
    assert b"[project]" not in body
    assert b"root:" not in body


def test_a_link_leaving_the_folder_is_neither_listed_nor_served(server: Server, guides: Path) -> None:
    (guides.parent / "secret.md").write_text(FIXTURES.joinpath("migraine.md").read_text())
    (guides / "secret.md").symlink_to(guides.parent / "secret.md")
    assert httpx.get(server.url + "/secret").status_code == 404
    assert "/secret" not in httpx.get(server.url + "/").text


def test_a_broken_source_is_shown_as_path_line_message_with_its_line(server: Server, guides: Path) -> None:
    text = FIXTURES.joinpath("migraine.md").read_text().replace("---\n", "---\ncolour: blue\n", 1)
    (guides / "broken.md").write_text(text)
    response = httpx.get(server.url + "/broken")
    assert response.status_code == 500
    page = lxml.html.fromstring(response.text)
    problem = page.find_class("problem")[0]
    message = problem.find("p").text_content()
    assert message.startswith(f"{guides / 'broken.md'}:2: ")
    assert problem.find("pre").text_content() == text.splitlines()[1]
    index = httpx.get(server.url + "/").text
    assert f"{guides / 'broken.md'}:2: " in index  # the list says what is wrong too


def test_outside_preview_an_error_says_nothing_of_the_source(guides: Path) -> None:
    (guides / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    service = GuideService(FolderSource(guides), max_age=60)
    broken = service.handle("GET", "/broken", {})
    assert broken.status == 500
    assert str(guides).encode() not in broken.body
    assert b"unclosed" not in broken.body
    page = service.handle("GET", "/sciatica", {})
    assert page.header("cache-control") == "public, max-age=60"
    assert b"EventSource" not in page.body


def test_the_event_stream_reports_a_change_of_a_source(server: Server, guides: Path) -> None:
    with httpx.stream("GET", server.url + "/_events", timeout=10) as stream:
        assert stream.headers["content-type"] == "text/event-stream"
        lines = stream.iter_lines()
        assert next(lines) == "data: 0"
        source = guides / "sciatica.md"
        source.write_text(source.read_text().replace("Sciatica", "Sciatica (edited)", 1))
        event = next(line for line in lines if line.startswith("data:"))
        assert event == "data: 1"


def test_the_wsgi_helper_serves_the_same_responses(guides: Path) -> None:
    service = GuideService(FolderSource(guides))
    app = wsgi_app(service)
    environ: dict[str, object] = {"PATH_INFO": "/tmj-disorders", "REQUEST_METHOD": "GET"}
    wsgiref.util.setup_testing_defaults(environ)
    captured: list[object] = []
    body = b"".join(app(environ, lambda status, headers: captured.extend([status, dict(headers)])))
    status, headers = captured
    assert status == "200 OK"
    assert body == service.handle("GET", "/tmj-disorders", {}).body
    environ["HTTP_IF_NONE_MATCH"] = headers["ETag"]  # type: ignore[index]
    captured.clear()
    assert b"".join(app(environ, lambda status, headers: captured.extend([status, headers]))) == b""
    assert captured[0] == "304 Not Modified"


def test_serve_refuses_a_missing_folder_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def _errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [error for error in page.console_errors if "/favicon.ico" not in error]


def test_the_preview_page_reloads_itself_after_a_source_edit(server: Server, guides: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "/sciatica")
    assert "Edited" not in page.title()
    source = guides / "sciatica.md"
    source.write_text(source.read_text().replace("title: ", "title: Edited ", 1))
    # Poll from Python: the page's policy forbids the eval() that wait_for_function uses.
    deadline = time.monotonic() + 10
    while not page.title().startswith("Edited") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page.title().startswith("Edited")
    # No CSP violation from the page, its styles or the reload script (a browser's own favicon request aside).
    assert _errors(page) == []


@pytest.mark.parametrize("mode", ["shadow", "scoped", "none"])
def test_embedded_fragments_satisfy_the_policy_in_a_browser(server: Server, page, mode: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/sciatica/embed/{mode}")
    page.wait_for_load_state("load")
    assert _errors(page) == []
    if mode != "none":
        padding = page.evaluate(
            """() => {
                const host = document.querySelector('cst-guide');
                const root = host && host.shadowRoot ? host.shadowRoot : document;
                return getComputedStyle(root.querySelector('summary')).paddingTop;
            }"""
        )
        assert padding not in ("0px", "")  # the fragment's own (nonce'd) stylesheet applied


def test_the_error_page_quotes_the_line_the_reader_counted(tmp_path: Path) -> None:
    source = tmp_path / "guide.md"
    source.write_bytes(b"\xef\xbb\xbfone\rtwo\r\nthree " + b"x" * 400 + b"\n")
    assert [source_line(source, number) for number in (1, 2)] == ["one", "two"]
    assert source_line(source, 3) == "three " + "x" * 294  # cut to 300 characters
    assert source_line(source, 9) is None
    os.mkfifo(tmp_path / "pipe.md")  # never opened for a blocking read
    assert source_line(tmp_path / "pipe.md", 1) is None
