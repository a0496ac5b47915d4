"""The Content-Security-Policy every page must send, checked directive by directive.

Written out here, not imported from the middleware, so a weakened policy fails the tests.
"""

from __future__ import annotations

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"}


def directives(header: str) -> dict[str, list[str]]:
    """Parse a Content-Security-Policy header into {directive: [sources]}; no repeats."""
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        if not part.strip():
            continue
        name, *sources = part.split()
        assert name.lower() not in parsed, f"{name} given twice in {header!r}"
        parsed[name.lower()] = sources
    return parsed


def assert_strict_csp(response) -> None:
    """Assert the response's policy has each strict directive, exactly, and nothing unsafe."""
    policy = directives(response["Content-Security-Policy"])
    for name, sources in STRICT.items():
        assert policy.get(name) == sources, f"{name}: {policy.get(name)}"
    for name in ("default-src", "script-src", "style-src"):
        assert not UNSAFE & set(policy[name]), f"{name} allows {policy[name]}"
