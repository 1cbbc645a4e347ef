"""The states a stored row can be in, one enum per table: what the `status` columns may hold.

They are `StrEnum`s: a member is the string stored, so rows read back compare equal to the members.
Only `bot/storage` writes a state (a test greps the other modules for state literals).
"""

from __future__ import annotations

from enum import StrEnum


class EventState(StrEnum):
    """An inbox event's state (`inbox.status`)."""

    PENDING = "pending"  # waiting to be claimed (or for `available_at`, after a retry)
    PROCESSING = "processing"  # claimed by a worker under a lease
    DONE = "done"
    DEAD = "dead"  # gave up after its attempts: a dead letter, shown on the dashboard
    DISCARDED = "discarded"  # a dead letter a lead discarded from the dashboard; never claimed again


# Waiting for a worker, or with one: what the backlog counts and what holds later events of the same subject.
WAITING = (EventState.PENDING, EventState.PROCESSING)


class DeliveryState(StrEnum):
    """A raw delivery's state (`deliveries.status`)."""

    PENDING = "pending"  # committed, not yet translated into inbox events
    TRANSLATED = "translated"
    FAILED = "failed"  # translation raised: kept with its error, replayable


class RunState(StrEnum):
    """What an agent did with an event (`agent_runs.status`): a retried event re-runs only unfinished agents."""

    DONE = "done"
    FAILED = "failed"
    RETRY = "retry"  # a transient error: the agent runs again when the event is retried
    PAUSED = "paused"  # skipped while its agent was paused; released to the inbox on resume


FINISHED = (RunState.DONE, RunState.FAILED)


class ActionState(StrEnum):
    """A platform write's state (`actions.status`)."""

    DONE = "done"
    DRY_RUN = "dry_run"  # recorded, not performed
    FAILED = "failed"
    RUNNING = "running"  # held by a worker performing it


class DueState(StrEnum):
    """A stored due item's state (`due_items.status`)."""

    PENDING = "pending"
    FIRED = "fired"
    CANCELLED = "cancelled"
