"""Signing in through the real pages in the browser, with the authenticator code when asked."""

from __future__ import annotations

import re
from typing import Any

from totp import unused_code

PASSWORD = "a-long-test-password"  # every browser test's users
# allauth's code page: its button has been "Sign in", "Continue" or "Authenticate".
CODE_BUTTON = re.compile("Sign in|Continue|Authenticate")


def sign_in(tab: Any, username: str, secret: str = "", password: str = PASSWORD) -> None:
    """Sign in on /sign-in/; give the authenticator app's code when the user has `secret`."""
    page = tab.page
    tab.goto("/sign-in/")
    page.get_by_label("Username or e-mail address").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.locator("input[name=code]").fill(unused_code(secret))
        page.get_by_role("button", name=CODE_BUTTON).click()
