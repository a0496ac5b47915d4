"""Check a page as its users meet it: axe-core finds nothing, and screenshots when asked for.

Set WSOA_SCREENSHOTS to a folder to keep a full-page screenshot of each checked page at 1280
and 375 pixels wide.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

WIDTHS = (1280, 375)


def check_page(tab: Any, name: str) -> None:
    """Assert the page passes axe-core; save screenshots when WSOA_SCREENSHOTS names a folder."""
    tab.assert_accessible()
    folder = os.environ.get("WSOA_SCREENSHOTS")
    if not folder:
        return
    for width in WIDTHS:
        tab.page.set_viewport_size({"width": width, "height": 900})
        tab.page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    tab.page.set_viewport_size({"width": WIDTHS[0], "height": 900})
