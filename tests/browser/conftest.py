"""Real-browser checks: Debian's Chromium driven by Playwright, with axe-core for accessibility.

Skipped (with the reason) when Chromium, Playwright, axe-core or the built styles are missing;
`.ci/run` installs all of them so CI always runs these.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.2 AA rules and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def chromium_path() -> str | None:
    for name in (os.environ.get("WSOA_CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


def cannot_run(reason: str) -> NoReturn:
    """Skip, or fail when WSOA_REQUIRE_BROWSER=1 (as in CI, where everything is installed)."""
    if os.environ.get("WSOA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser test cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright import sync_api as playwright_api
    except ImportError:
        cannot_run("Playwright is not installed (uv sync)")
    executable = chromium_path()
    if executable is None:
        cannot_run("Chromium is not installed (apt-get install -y chromium)")
    if not AXE.is_file():
        cannot_run("axe-core is not installed (npm ci)")
    from wsoa.core.assets import AssetBuildError, build_assets

    try:
        build_assets(out=io.StringIO())
    except AssetBuildError as error:
        cannot_run(f"Page styles cannot be built: {error}")
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Page:
    """A browser tab that records console errors (CSP violations among them) and runs axe."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def axe_violations(self) -> list[str]:
        """Return axe-core's violations on the current page, one line each."""
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]

    def assert_accessible(self) -> None:
        violations = self.axe_violations()
        assert not violations, f"{self.page.url}:\n" + "\n".join(violations)
        assert not self.errors, f"{self.page.url}: console errors {self.errors}"


@pytest.fixture
def tab(browser: Any, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Page(context.new_page(), live_server.url)
    context.close()
