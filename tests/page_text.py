"""A page's visible text, for asserting what a reader sees."""

import re


def text_of_html(body: str) -> str:
    """Return the HTML's text with tags dropped and spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def text_of(response) -> str:
    """Return the response page's visible text with tags dropped and spaces squeezed."""
    return text_of_html(response.content.decode())
