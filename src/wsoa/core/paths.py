"""The path prefixes the apps' urls.py files share, kept in one place (ADR 0017).

Each app's pages hang below an area, a plan or an item, so its routes read `PLAN + "packs/"`.
The names are only prefixes: each app names its own URLs in its own namespace (`plans:plan`,
`progress:item`, `reports:packs`), and the paths themselves are the ones people have bookmarked.
"""

AREA = "areas/<slug:slug>/"
PLAN = AREA + "plans/<int:plan_id>/"
ITEM = PLAN + "items/<int:item_id>/"
