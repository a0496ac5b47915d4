"""The wsoa-plan interchange format (docs/interchange.md), where importers meet the database.

- `schema`: the document's shape, checked value by value (`check_document`), no Django.
- `writing`: `write_plan`, one plan and all its parts from a checked document, audited.
- `leads`: `LeadResolver`, a lead as printed matched to one of the plan's people.
- `exporting`: `export_plan` and `to_json`, a plan read back into the same format.

The importers (`documents/importers/`) read files into this format; nothing here reads files.
This package imports nothing itself, so `schema` can be used without Django.
"""
