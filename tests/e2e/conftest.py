"""Browser tests: Playwright (Python) driving Debian's Chromium against the real server (live_server).

Chromium comes from the system (`/usr/bin/chromium`, installed by `make test`); Playwright's own
browser download is never used. Set HOTLINE_CHROMIUM to point elsewhere.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("HOTLINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, _clock_marker):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    if os.environ.get("HOTLINE_TEST_NOW") or _clock_marker is not None:
        # The page's JavaScript clock follows the travelled server clock (date pickers, "today" marks).
        import datetime as dt

        pg.clock.install(time=dt.datetime.now(dt.UTC))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def sign_in(page):
    """sign_in(person): log in through the real login form (password from the factories)."""
    from hotline.org.tests.factories import PASSWORD

    def _sign_in(person, password: str = PASSWORD):
        page.goto("/login/")
        page.fill("input[name=username]", person.work_number)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return _sign_in


def click_nav(page, text: str) -> None:
    """Click a link of the top navigation, opening its menu group first as a person would (hover)."""
    link = page.locator("header nav a", has_text=text).first
    menu = link.locator(
        "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' menu ')][1]"
    )
    if menu.count():
        menu.hover()
    link.click()
