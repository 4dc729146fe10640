"""A real browser on `diplokg serve`: headless Chromium opens the home page, an entity page, an article page, the
network and the query page, finds no console errors, failed loads or script errors, and saves screenshots.

Chromium is Debian's (`apt-get install chromium`; .ci/run installs it), driven by Playwright's Python package
through ``executable_path`` (Playwright's own browser download is never used). Screenshots go to
``$DIPLOKG_SCREENSHOTS`` (default: the test's temporary folder), to be looked at.

The site is built by ``diplokg.web.site.build_site``; ``$DIPLOKG_TEST_SITE`` names a site folder to serve
instead (to try this on any site, without building one).
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import diplokg_server

from diplokg.project import Project

pytestmark = pytest.mark.browser

STATES = "SELECT ?s ?name WHERE { ?s a <https://w3id.org/diplokg/ontology#State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
# (name, path, what the page must show): the pages a reader goes through, from home to the sentence.
PAGES = [
    ("home", "/", "diplokg"),
    ("entity", "/id/person/jang-song-taek", "Jang Song Taek"),  # the IRI itself: the browser follows the 303
    ("article", "/id/article/foreign-affairs-2015-01-21", "Both men had been in charge of bilateral relations"),
    ("network", "/network/", ""),
    ("query", "/sparql?" + urllib.parse.urlencode({"query": STATES}), "North Korea"),
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def site(built: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("DIPLOKG_TEST_SITE")
    if given:
        return Path(given)
    try:
        from diplokg.web.site import build_site
    except ImportError:
        pytest.skip("diplokg.web.site is not there: no site to serve (`diplokg site` builds it)")
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(built, out)
    return out


@pytest.fixture(scope="module")
def server(built: Project, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with diplokg_server(built.root, site, tmp_path_factory.mktemp("browser-serve") / "serve.log", "--quiet") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("DIPLOKG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize(("name", "path", "shows"), PAGES, ids=[p[0] for p in PAGES])
def test_a_page_opens_without_errors(server: str, browser, screenshots: Path, name: str, path: str, shows: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed to load {request.url}: {request.failure}"))
    page.on("response", lambda response: problems.append(f"{response.status} for {response.url}") if response.status >= 400 else None)
    try:
        response = page.goto(server + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"
        if not page.url.startswith(server):  # every link and resource stays on the local server
            problems.append(f"left the server for {page.url}")
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=name != "article")
        if shows:
            assert shows in page.inner_text("body")
        external = page.evaluate(
            "() => [...document.querySelectorAll('link[href], script[src], img[src]')]"
            ".map(e => e.href || e.src).filter(u => !u.startsWith(location.origin) && !u.startsWith('data:'))"
        )
        assert external == [], f"{path} loads assets from elsewhere: {external}"
    finally:
        page.close()
    assert problems == [], f"{path}: {problems}"
