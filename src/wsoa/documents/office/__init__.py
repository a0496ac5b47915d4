"""The plan as Word and Excel documents, and the Excel round trip beside its exporter.

- `columns.py`: the plan's table columns in its own words, shared by both exports.
- `word.py`: the Word export (out only).
- `excel.py`: the Excel export, which can come back.
- The round trip of that workbook, in order: `reading.py` checks the file's shape,
  `changes.py` compares its rows with the plan into a preview, `applying.py` writes the
  preview in one transaction, audited per item, once per workbook.

This is not an importer of new plans: a workbook here changes the plan it was exported from.
New plans come in through `documents/importing.py` and `documents/importers/`.
"""
