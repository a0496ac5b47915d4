"""Driving a page with the keyboard only, for the browser journeys.

Controls are reached by pressing Tab (or Shift+Tab) until they have the focus, so a control a
keyboard cannot reach fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from signing_in import PASSWORD

from totp import unused_code

MOST_TABS = 400  # more than any page here has focusable controls


def tab_to(page: Any, target: Any) -> None:
    """Press Tab (Shift+Tab when it is above the focus) until `target` has the focus."""
    handle = target.element_handle()
    above = page.evaluate(
        "el => !!document.activeElement && document.activeElement !== document.body"
        " && !!(el.compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        handle,
    )
    key = "Shift+Tab" if above else "Tab"
    for _ in range(MOST_TABS):
        page.keyboard.press(key)
        if page.evaluate("el => el === document.activeElement", handle):
            return
    raise AssertionError(f"{target} cannot be reached with {key} on {page.url}")


def type_into(page: Any, target: Any, text: str) -> None:
    """Tab to a field, select what it holds and type over it."""
    tab_to(page, target)
    page.keyboard.press("ControlOrMeta+a")
    if text:
        page.keyboard.type(text)
    else:
        page.keyboard.press("Delete")
    assert target.input_value() == text


def press(page: Any, target: Any) -> None:
    """Tab to a link or button and press Enter; wait for the next page."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def heading(page: Any) -> str:
    return str(page.get_by_role("heading", level=1).inner_text())


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def sign_in(
    tab: Any, username: str, secret: str, look: Callable[[str], None] | None = None
) -> None:
    """Sign in with the password and the authenticator code; `look` checks each page by name."""
    page = tab.page
    tab.goto("/sign-in/")
    if look:
        look("sign_in")
    type_into(page, page.get_by_label("Username or e-mail address"), username)
    type_into(page, page.get_by_label("Password"), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    code = page.locator("input[name=code]")
    code.wait_for()
    if look:
        look("sign_in_code")
    type_into(page, code, unused_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title() == "Your areas – wsoa"
