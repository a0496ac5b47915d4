"""`wsoa backup` and `wsoa restore`: the database and the stored files, with a manifest.

A backup is a folder: `database.dump` (PostgreSQL, pg_dump's custom format) or
`database.sqlite3` (SQLite's backup API), `files/` (every stored file) and `manifest.json`
(app version, migrations applied, rows per table, the SHA-256 of every file and of every board
pack snapshot). The database is copied first and the files second: a file is written before the
row that points to it, so every file a copied row names is in the backup (ADR 0025).
"""
