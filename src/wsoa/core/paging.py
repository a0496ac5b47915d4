"""Which page numbers a list's GOV.UK pagination links: the same for every paginated list."""

from __future__ import annotations


def page_links(number: int, pages: int) -> list[int | None]:
    """Page numbers to link as GOV.UK pagination does: first, last, and the pages either side
    of this one; None where an ellipsis stands for those left out (a list of thousands of rows
    links a handful of pages, not all of them)."""
    wanted = sorted({1, pages, number - 1, number, number + 1})
    shown: list[int | None] = []
    for page in (n for n in wanted if 1 <= n <= pages):
        before = shown[-1] if shown else None
        if before is not None and page - before > 1:
            shown.append(None)
        shown.append(page)
    return shown
