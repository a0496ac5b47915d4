"""The pack's document parsed by libxml2 gives the tree WeasyPrint's own parser gives (ADR 0035).

`tree_of` is shared with the whole-pack test in test_board_pack_page_one.py.
"""

import tinyhtml5

from wsoa.reports import pack_parse, render

DOCUMENT = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Pack &amp; plan – Worcestershire</title>
  <style id="wsoa-pack-style">p { color: #0b0c0c; }</style>
</head>
<body>
<main>
<h1>Board pack</h1>
<!--pack-body--><p class="govuk-body">Tom&#x27;s &quot;plan&quot; &lt;draft&gt;&nbsp;now</p>
<table><thead><tr><th scope="col">Item</th></tr></thead>
<tbody><tr><td><a href="#item-1">1.1</a> text</td></tr></tbody></table>
<div><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"
 aria-labelledby="t"><title id="t">A chart</title><polyline points="0,0 1,1"/>
<text x="1" y="2" text-anchor="start">Red</text></svg></div>
<ul><li>One</li></ul><!--/pack-body-->
</main>
</body>
</html>
"""


def tree_of(element):
    """Every element in document order: its tag, attributes, text and tail."""
    tag = element.tag if isinstance(element.tag, str) else "<!--comment-->"
    found = [(tag, sorted(element.attrib.items()), element.text, element.tail)]
    for child in element:
        found.extend(tree_of(child))
    return found


def html5_tree(document):
    return tree_of(tinyhtml5.parse(document, namespace_html_elements=False))


def test_the_tree_is_the_one_weasyprints_parser_builds():
    assert tree_of(pack_parse.parse(DOCUMENT)) == html5_tree(DOCUMENT)


def test_svg_is_in_its_namespace_with_its_attribute_names_as_written():
    root = pack_parse.parse(DOCUMENT)
    svg = next(e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("svg"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 10 10"
    assert [child.tag.split("}")[1] for child in svg] == ["title", "polyline", "text"]


def test_entities_and_the_title_are_read_as_html5_reads_them():
    root = pack_parse.parse(DOCUMENT)
    assert root.find("head/title").text == "Pack & plan – Worcestershire"
    assert root.find("body/main/p").text == 'Tom\'s "plan" <draft>\u00a0now'
    assert root.get("lang") == "en-GB"


def test_a_document_not_shaped_as_a_page_is_left_to_weasyprints_parser():
    assert pack_parse.parse("<p>No html, head or body</p>") is None
    assert pack_parse.parse("") is None


def test_documents_without_the_inline_stylesheet_are_parsed_by_weasyprint(monkeypatch):
    used = []
    monkeypatch.setattr(pack_parse, "parse", lambda document: used.append(document))
    render.render_pdf("<!DOCTYPE html><html lang='en'><title>T</title><p>Older pack</p>")
    assert used == []
    render.render_pdf(DOCUMENT)  # parse returns None here: WeasyPrint's parser takes over
    assert used == [DOCUMENT]


def test_the_pdf_is_the_same_whichever_parser_read_the_document(monkeypatch):
    fast = render.render_pdf(DOCUMENT)
    monkeypatch.setattr(pack_parse, "parse", lambda document: None)
    assert render.render_pdf(DOCUMENT) == fast
