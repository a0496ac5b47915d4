"""Helpers for the board pack tests: travel in time, confirm a rating."""

import datetime as dt

import time_machine

from wsoa.progress import services as cycle


def at(day: str):
    """Travel to 10:00 on an ISO day, with the clock running."""
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T10:00:00+00:00"), tick=True)


def confirm(item, manager, rag, reason, *, revised=None, milestone=None):
    update = cycle.post_update(
        item=item,
        author=manager,
        data=cycle.UpdateIn(
            commentary=f"Update on {item.number}",
            proposed_rag=rag,
            revised_due=revised,
            milestone=milestone,
        ),
    )
    return cycle.decide(update=update, by=manager, outcome="confirmed", reason=reason)
