"""Check that a page fits the screen: nothing makes the whole page scroll sideways.

A wide table may scroll inside its own container (`.wsoa-scroll`); the page itself must not. Used
by the page-fit test and the monthly-cycle journey.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

WIDTHS = (320, 375, 768, 1280)

# The elements that stick out past the right edge of the viewport, outermost first, skipping those
# inside an element that scrolls on its own (overflow-x auto or scroll).
_OFFENDERS = """
() => {
  const width = document.documentElement.clientWidth;
  // Inside an element that clips it: an absolutely placed element is clipped only by a scroller
  // at or outside its containing block (the nearest positioned ancestor).
  const inScroller = (el) => {
    let placed = getComputedStyle(el).position === 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.position !== 'static') placed = false;
      const o = style.overflowX;
      if (!placed && (o === 'auto' || o === 'scroll' || o === 'hidden')) return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if (getComputedStyle(el).position === 'fixed') continue;
    if (inScroller(el)) continue;
    if (el.parentElement && found.includes(el.parentElement)) { found.push(el); continue; }
    found.push(el);
  }
  return {
    scroll: document.documentElement.scrollWidth,
    width: width,
    offenders: found.filter((el) => !found.includes(el.parentElement)).slice(0, 5).map((el) => {
      const b = el.getBoundingClientRect();
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        classes.filter(Boolean).map((c) => '.' + c).join('');
      const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
      return name + ' ' + Math.round(b.width) + 'px wide, right edge ' + Math.round(b.right) +
        ' "' + text + '"';
    }),
  };
}
"""


def sideways_overflow(page: Any, width: int) -> list[str]:
    """The problems of the page at this viewport width; empty when it fits."""
    page.set_viewport_size({"width": width, "height": 900})
    found = page.evaluate(_OFFENDERS)
    if found["scroll"] <= found["width"]:
        return []
    return [f"{width}px: page is {found['scroll']}px wide"] + [
        f"  {offender}" for offender in found["offenders"]
    ]


def assert_fits(page: Any, widths: tuple[int, ...] = WIDTHS) -> None:
    """Assert the page does not scroll sideways at any of the widths; leave it at 1280 px."""
    problems: list[str] = []
    for width in widths:
        problems += sideways_overflow(page, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, f"{page.url} scrolls sideways:\n" + "\n".join(problems)


def screenshot_folder(default: str) -> Path:
    """The folder screenshots go to: $WSOA_SCREENSHOTS if set, else `default` under var/."""
    folder = Path(os.environ.get("WSOA_SCREENSHOTS") or Path("var") / "screenshots" / default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
