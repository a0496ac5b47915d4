"""Uploaded files are kept only up to a size no form accepts; beyond it they are only counted.

`SizeCap` is the first upload handler (settings.FILE_UPLOAD_HANDLERS). It passes a file's data
to the next handler, which keeps it in memory or in a temporary file, until the file passes
`MAX_UPLOAD_BYTES`; after that it counts the rest and drops it. Such a file reaches its form
empty but with its whole size, so the form's own size check refuses it with its own message,
and a very large upload never fills the disk.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # above every form's limit: the largest is 20 MB (evidence)


class SizeCap(FileUploadHandler):
    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        return raw_data if start + len(raw_data) <= MAX_UPLOAD_BYTES else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size <= MAX_UPLOAD_BYTES:
            return None  # the next handler has the whole file
        return InMemoryUploadedFile(
            io.BytesIO(),
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )
