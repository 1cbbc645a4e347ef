"""Platform errors, named for what the caller should do next."""

from __future__ import annotations


class IntegrationError(Exception):
    """Base class for every error a platform client raises."""

    transient = False


class InvalidSignature(IntegrationError):
    """A webhook delivery whose signature is missing or wrong: reject it with 401."""


class BadPayload(IntegrationError):
    """A webhook body that cannot be parsed: reject it with 400."""


class Unpeekable(Exception):
    """A receiver's shortcut (`peek_key`) cannot read this body: parse it the usual way instead."""


class Unkeyable(Exception):
    """This platform's deliveries are keyed only by the events they become (`delivery_key`): translate at once."""


class RateLimited(IntegrationError):
    """The platform asked us to slow down: retry after `retry_after` seconds."""

    transient = True

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(f"{message} (retry after {retry_after:.1f}s)")
        self.retry_after = max(0.0, retry_after)


class Unavailable(IntegrationError):
    """The platform failed in a way that may pass: retry with backoff."""

    transient = True


class AuthFailed(IntegrationError):
    """Credentials were refused: re-authenticate; refuse to start."""


class NotFound(IntegrationError):
    """The object does not exist (or we may not see it): give up."""


class PlatformRejected(IntegrationError):
    """The platform refused the request as invalid: give up and report."""


class NoTransition(PlatformRejected):
    """The tracker's workflow has no transition from the task's status to the one asked for: report it (a person
    moves the task, or changes the workflow). `available` names the statuses it can go to from here."""

    def __init__(self, task_id: str, status: str, current: str, available: list[str]) -> None:
        reachable = ", ".join(available) if available else "none"
        super().__init__(f"{task_id} cannot move from {current!r} to {status!r} (reachable: {reachable})")
        self.task_id, self.status, self.current, self.available = task_id, status, current, available
