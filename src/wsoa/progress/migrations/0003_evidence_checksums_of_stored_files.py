"""Record the SHA-256 of every evidence file already stored, so it is checked when served.

A file the store does not have keeps a blank checksum and is served unchecked, as before. If
the store cannot be reached the migration stops reading (it does not fail, nor wait on every
file): the rest keep blank checksums. Reversing leaves the checksums (the column goes with 0002).
"""

import hashlib
import logging

from django.core.files.storage import default_storage
from django.db import migrations

log = logging.getLogger(__name__)


def record_checksums(apps, schema_editor):
    evidence = apps.get_model("progress", "Evidence")
    rows = evidence.objects.exclude(file="").filter(sha256="").values_list("pk", "file")
    for pk, name in rows.iterator():
        try:
            digest = _sha256(name)
        except FileNotFoundError:
            log.warning("Evidence file %s is missing: its checksum stays blank", name)
            continue
        except Exception as error:  # the store is down: leave the rest unchecked
            log.warning("The store could not be read (%r): checksums stay blank", error)
            return
        evidence.objects.filter(pk=pk).update(sha256=digest)


def _sha256(name):
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_evidence_sha256")]

    operations = [migrations.RunPython(record_checksums, migrations.RunPython.noop)]
