"""Importers: one folder per file format, each reading a file into a wsoa-plan document.

The interface is in `base.py` and the importers by kind in `registry.py`; `documents/importing.py`
is the front door that uses them. Nothing is imported here, so a Django-free importer module can
be loaded on its own.
"""
