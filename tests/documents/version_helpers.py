"""Helpers for the versions tests."""

from wsoa.plans.models import PlanVersion


def tamper(version: PlanVersion, content: dict) -> None:
    """Change a stored version behind the application's back (on PostgreSQL, past the trigger)."""
    from django.db import connection

    guarded = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if guarded:
            cursor.execute("SET session_replication_role = replica")  # triggers off
        PlanVersion.objects.filter(pk=version.pk).update(content=content)
        if guarded:
            cursor.execute("SET session_replication_role = origin")
