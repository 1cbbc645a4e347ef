"""Verifies GitHub webhook deliveries and turns them into Events (no I/O here)."""

from __future__ import annotations

import copy
import hashlib
import hmac
import threading
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
import simdjson
from pydantic import ValidationError

from integrations.errors import BadPayload, InvalidSignature, Unpeekable
from integrations.events import Event, Ref
from integrations.github.schemas import Account, PullRequestPayload, WebhookPayload
from integrations.headers import header, stable_id

SIGNATURE_HEADER = "X-Hub-Signature-256"
EVENT_HEADER = "X-GitHub-Event"
DELIVERY_HEADER = "X-GitHub-Delivery"
BODY_LIMIT = 2000
KEY_LIMIT = 200  # a longer delivery id (never GitHub's: a UUID) is hashed to fit the key column

# Events pmbot translates (some actions of them may still be ignored).
HANDLED_EVENTS: frozenset[str] = frozenset(
    {"pull_request", "pull_request_review", "check_suite", "workflow_run", "push", "issue_comment"}
)

# Events GitHub may send that pmbot deliberately ignores (answered 200, not logged as unsupported).
KNOWN_IGNORED: frozenset[str] = frozenset(
    {
        "ping",  # the route answers it itself
        "issues",
        "check_run",
        "status",
        "create",
        "delete",
        "star",
        "watch",
        "fork",
        "installation",
        "installation_repositories",
        "installation_target",
        "github_app_authorization",
        "label",
        "milestone",
        "member",
        "membership",
        "organization",
        "public",
        "release",
        "repository",
        "deployment",
        "deployment_status",
        "workflow_job",
        "workflow_dispatch",
        "pull_request_review_comment",
        "pull_request_review_thread",
        "commit_comment",
        "gollum",
        "page_build",
        "meta",
        "team",
        "team_add",
        "discussion",
        "discussion_comment",
        "repository_vulnerability_alert",
        "dependabot_alert",
        "code_scanning_alert",
        "secret_scanning_alert",
        "merge_group",
        "branch_protection_rule",
        "package",
        "registry_package",
        "project",
        "project_card",
        "project_column",
        "projects_v2_item",
    }
)

# What each translated event carries at the top level of its payload (GitHub's webhook reference). The
# X-GitHub-Event header is not signed: a body signed as one event and relabelled as another is refused.
_OBJECT, _TEXT, _LIST = "object", "string", "list"
_SHAPES: dict[str, dict[str, str]] = {
    "pull_request": {"action": _TEXT, "pull_request": _OBJECT},
    "pull_request_review": {"action": _TEXT, "pull_request": _OBJECT, "review": _OBJECT},
    "check_suite": {"action": _TEXT, "check_suite": _OBJECT},
    "workflow_run": {"action": _TEXT, "workflow_run": _OBJECT},
    "push": {"ref": _TEXT, "commits": _LIST},
    "issue_comment": {"action": _TEXT, "issue": _OBJECT, "comment": _OBJECT},
}
# Keys that mark an event's payload: one that is not in an event's own shape says the body is another event's.
_MARKERS = frozenset(key for shape in _SHAPES.values() for key in shape) | {"check_run", "workflow_job", "thread"}
_FOREIGN: dict[str, frozenset[str]] = {name: _MARKERS - shape.keys() for name, shape in _SHAPES.items()}

_PR_ACTIONS: dict[str, str] = {
    "opened": "pr.opened",
    "reopened": "pr.opened",
    "ready_for_review": "pr.ready_for_review",
    "review_requested": "pr.review_requested",
    "review_request_removed": "pr.review_request_removed",
    "synchronize": "pr.synchronized",
    "edited": "pr.edited",
    "converted_to_draft": "pr.converted_to_draft",
}

Clock = Callable[[], datetime]
# (event type, when it happened, subject, data) before ids and actor are attached.
Draft = tuple[str, datetime | None, Ref | None, dict[str, Any]]


def sign(secret: str, body: bytes) -> str:
    """The X-Hub-Signature-256 value GitHub sends for `body`."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _prune(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Remove the deepest existing element on `loc`; False when nothing could be removed."""
    parent: Any = None
    key: Any = None
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            parent, key, node = node, part, node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, key, node = node, part, node[part]
        else:
            break
    if parent is None:
        return False
    del parent[key]
    return True


def parse_payload(payload: dict[str, Any]) -> WebhookPayload:
    """Validate leniently: a field of the wrong shape is treated as absent, never as an error."""
    try:
        return WebhookPayload.model_validate(payload)
    except ValidationError:
        pass
    data = copy.deepcopy(payload)
    for _ in range(20):
        try:
            return WebhookPayload.model_validate(data)
        except ValidationError as exc:
            # Reverse order so list indices stay valid while deleting.
            locs = sorted((tuple(err["loc"]) for err in exc.errors()), key=repr, reverse=True)
            if not any([_prune(data, loc) for loc in locs]):
                break
    return WebhookPayload()


def _login(account: Account | None) -> str | None:
    return account.login if account is not None else None


_parsers = threading.local()


def _parser() -> simdjson.Parser:
    """One reusable simdjson parser per thread (making one costs more than parsing a delivery with it)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = simdjson.Parser()
    return parser


def _stable_id(event_name: str, payload: dict[str, Any]) -> str:
    return "h" + stable_id(payload, salt=event_name, length=32)


def _kind(value: Any) -> str | None:
    if isinstance(value, dict | simdjson.Object):
        return _OBJECT
    if isinstance(value, list | simdjson.Array):
        return _LIST
    return _TEXT if isinstance(value, str) else None


def mismatch(headers: Mapping[str, str], payload: Any) -> str | None:
    """Why the payload (a dict, or simdjson's object) is not one of the translated event its X-GitHub-Event
    header names; None when it is, or when the event is not one pmbot translates."""
    event_name = (header(headers, EVENT_HEADER) or "").strip().lower()
    shape = _SHAPES.get(event_name)
    if shape is None:
        return None
    for key, kind in shape.items():
        if _kind(payload.get(key)) != kind:
            return f"not a {event_name} payload ({EVENT_HEADER} does not match the body): no {kind} {key!r}"
    # One pass over the top-level keys: simdjson looks a missing key up in ~2 us, listing them all takes less.
    if foreign := _FOREIGN[event_name].intersection(payload.keys()):
        return f"not a {event_name} payload ({EVENT_HEADER} does not match the body): it has {min(foreign)!r}"
    return None


def _branch(ref: str | None) -> str | None:
    if ref and ref.startswith("refs/heads/"):
        return ref[len("refs/heads/") :]
    return None


class GitHubWebhook:
    """Verifies and translates GitHub repository webhooks."""

    name = "github"

    def __init__(self, secret: str, *, self_logins: Collection[str] = (), clock: Clock | None = None) -> None:
        self._secret = secret
        self._self_logins = frozenset(login.lower() for login in self_logins if login)
        self._now = clock or (lambda: datetime.now(UTC))

    def __repr__(self) -> str:  # never shows the secret
        return f"GitHubWebhook(self_logins={sorted(self._self_logins)!r})"

    @staticmethod
    def is_supported(event_name: str) -> bool:
        """True for events pmbot translates or deliberately ignores; False means 'unsupported'."""
        name = (event_name or "").split(".", 1)[0].strip().lower()
        return name in HANDLED_EVENTS or name in KNOWN_IGNORED

    def classify(self, headers: Mapping[str, str], payload: Any) -> tuple[str, bool]:
        event = (header(headers, EVENT_HEADER) or "?").strip().lower()
        action = payload.get("action") if isinstance(payload, dict) else None
        kind = f"{event}.{action}" if isinstance(action, str) and action else event
        return kind, self.is_supported(kind)

    @staticmethod
    def signed(headers: Mapping[str, str]) -> bool:
        """Whether a delivery carries a signature at all: one that does not is refused before its body is read."""
        return bool((header(headers, SIGNATURE_HEADER) or "").strip())

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        given = header(headers, SIGNATURE_HEADER)
        if not self._secret or not given or not isinstance(body, bytes | bytearray):
            raise InvalidSignature("missing GitHub signature")
        expected = sign(self._secret, bytes(body))
        if not hmac.compare_digest(expected.encode("ascii"), given.strip().encode("utf-8", "replace")):
            raise InvalidSignature("GitHub signature does not match")

    def delivery_key(self, headers: Mapping[str, str], payload: Any) -> str | None:
        """The dedupe key of a delivery before translation (`github:<X-GitHub-Delivery>`); None when it carries
        nothing for pmbot (an event it does not translate, or one pmbot's own account caused). Raises
        `BadPayload` when the body is not the payload of the event its header names."""
        if not isinstance(payload, dict):
            raise BadPayload("GitHub payload must be a JSON object")
        if (wrong := mismatch(headers, payload)) is not None:
            raise BadPayload(wrong)
        sender = payload.get("sender")
        return self._key(headers, sender.get("login") if isinstance(sender, dict) else None, lambda: payload)

    @staticmethod
    def body_digest(headers: Mapping[str, str], body: bytes) -> str:
        """The second dedupe key of a *verified* delivery, a digest of its body: X-GitHub-Delivery is not signed,
        so the same body under another delivery id is the same delivery (a replay, or GitHub's redelivery). The
        verified signature is already a keyed digest of the body: hashing it costs nothing, hashing the body
        again as much as verifying it. (A body signed with a rotated-out secret no longer verifies at all.)"""
        signature = (header(headers, SIGNATURE_HEADER) or "").strip()
        proof = signature.encode() if signature else b"unsigned:" + hashlib.sha256(body).digest()
        return "github:" + hashlib.sha256(proof).hexdigest()

    def peek_key(self, headers: Mapping[str, str], body: bytes) -> str | None:
        """`delivery_key` straight from the body, without building the payload: simdjson checks the whole
        document (structure, UTF-8) and only `sender.login` is read out of it - a pull request delivery is
        ~28 KB of JSON, most of which the receive path never looks at. Raises ValueError (UnicodeDecodeError)
        for a body that is not JSON, and `Unpeekable` for JSON simdjson does not take (an integer past 64
        bits) or when its parser is in use: then the caller parses it the usual way."""
        try:
            document = _parser().parse(body)
        except RuntimeError as exc:  # simdjson's "valid JSON, but not for me" (BIGINT_ERROR), or a parser in use
            raise Unpeekable(str(exc)) from None
        if not isinstance(document, simdjson.Object):
            raise BadPayload("GitHub payload must be a JSON object")
        wrong = mismatch(headers, document)
        sender = document.get("sender")
        login = sender.get("login") if isinstance(sender, simdjson.Object) else None
        del document, sender  # the parser takes the next body only once no part of this one is held
        if wrong is not None:
            raise BadPayload(wrong)
        return self._key(headers, login, lambda: orjson.loads(body))

    def _key(self, headers: Mapping[str, str], login: Any, payload: Callable[[], Any]) -> str | None:
        event_name = (header(headers, EVENT_HEADER) or "").strip().lower()
        if event_name not in HANDLED_EVENTS:
            return None
        if isinstance(login, str) and login.lower() in self._self_logins:
            return None
        delivery = (header(headers, DELIVERY_HEADER) or "").strip() or _stable_id(event_name, payload())
        return f"github:{delivery}" if len(delivery) <= KEY_LIMIT else f"github:h{stable_id(delivery, length=32)}"

    def to_events(self, headers: Mapping[str, str], payload: Any) -> list[Event]:
        if not isinstance(payload, dict):
            raise BadPayload("GitHub payload must be a JSON object")
        event_name = (header(headers, EVENT_HEADER) or "").strip().lower()
        if event_name not in HANDLED_EVENTS:
            return []
        parsed = parse_payload(payload)  # lenient: the header was checked against the body's shape at the door
        actor = _login(parsed.sender)
        if actor is not None and actor.lower() in self._self_logins:
            return []  # caused by pmbot itself: acting on it would loop
        if parsed.repository is None or not parsed.repository.full_name:
            return []  # every repository event GitHub sends names its repository: nothing here to act on
        drafts = self._translate(event_name, parsed)
        delivery = (header(headers, DELIVERY_HEADER) or "").strip() or _stable_id(event_name, payload)
        base_id = f"github:{delivery}"
        events = []
        for n, (event_type, when, subject, data) in enumerate(drafts):
            events.append(
                Event(
                    id=base_id if len(drafts) == 1 else f"{base_id}:{n}",
                    source="github",
                    type=event_type,
                    occurred_at=when or self._now(),
                    actor=actor,
                    subject=subject,
                    data=data,
                    raw=payload,
                )
            )
        return events

    # -- translation ------------------------------------------------------------------------
    def _translate(self, event_name: str, p: WebhookPayload) -> list[Draft]:
        repo = p.repository.full_name if p.repository else None
        if event_name == "pull_request":
            return self._pull_request(p, repo)
        if event_name == "pull_request_review":
            if p.action != "submitted" or p.pull_request is None or p.review is None:
                return []
            draft = self._pr_draft("pr.reviewed", p.pull_request, repo, p.review.submitted_at)
            if draft is not None:
                draft[3].update(state=(p.review.state or "").lower() or None, reviewer=_login(p.review.user))
                draft[3]["review_id"] = p.review.id
            return [draft] if draft else []
        if event_name == "check_suite" and p.action == "completed" and p.check_suite is not None:
            suite = p.check_suite
            app = suite.app
            return [self._ci(repo, suite.head_sha, suite.conclusion, suite.url, suite.pull_requests,
                             suite.updated_at, {"kind": "check_suite", "status": suite.status, "suite_id": suite.id,
                                                "app": (app.name or app.slug) if app else None})]
        if event_name == "workflow_run" and p.action == "completed" and p.workflow_run is not None:
            run = p.workflow_run
            return [self._ci(repo, run.head_sha, run.conclusion, run.html_url, run.pull_requests,
                             run.updated_at, {"kind": "workflow_run", "name": run.name, "run_id": run.id,
                                              "workflow_id": run.workflow_id})]
        if event_name == "push":
            return [self._push(p, repo)]
        if event_name == "issue_comment" and p.action == "created":
            return self._comment(p, repo)
        return []

    def _pull_request(self, p: WebhookPayload, repo: str | None) -> list[Draft]:
        pr = p.pull_request
        if pr is None:
            return []
        if p.action == "closed":
            event_type = "pr.merged" if pr.merged else "pr.closed"
        elif p.action in _PR_ACTIONS:
            event_type = _PR_ACTIONS[p.action]
        else:
            return []  # labeled, assigned, ... are known and ignored
        draft = self._pr_draft(event_type, pr, repo, pr.updated_at)
        if draft is None:
            return []
        if p.action in ("review_requested", "review_request_removed"):
            draft[3]["reviewer"] = _login(p.requested_reviewer)
        return [draft]

    @staticmethod
    def _pr_draft(event_type: str, pr: PullRequestPayload, repo: str | None, when: datetime | None) -> Draft | None:
        if pr.number is None or not repo:
            return None
        data: dict[str, Any] = {
            "repo": repo,
            "number": pr.number,
            "title": pr.title or "",
            "url": pr.html_url,
            "author": _login(pr.user),
            "head_ref": pr.head.ref if pr.head else None,
            "head_sha": pr.head.sha if pr.head else None,
            "body": (pr.body or "")[:BODY_LIMIT],
            "merged": bool(pr.merged),
            "draft": bool(pr.draft),
        }
        subject = Ref(kind="pull_request", id=f"{repo}#{pr.number}", url=pr.html_url, container=repo)
        return (event_type, when, subject, data)

    @staticmethod
    def _ci(
        repo: str | None,
        head_sha: str | None,
        conclusion: str | None,
        url: str | None,
        prs: list[Any],
        when: datetime | None,
        extra: dict[str, Any],
    ) -> Draft:
        numbers = [pr.number for pr in prs if pr.number is not None]
        data: dict[str, Any] = {
            "repo": repo,
            "conclusion": conclusion,
            "head_sha": head_sha,
            "pr_numbers": numbers,
            "url": url,
            **extra,
        }
        subject = None
        if repo and head_sha:
            subject = Ref(kind="commit", id=f"{repo}@{head_sha}", url=url, container=repo)
        return ("ci.completed", when, subject, data)

    @staticmethod
    def _push(p: WebhookPayload, repo: str | None) -> Draft:
        commits = [
            {
                "sha": c.id,
                "message": c.message or "",
                "author": (c.author.username or c.author.name) if c.author else None,
            }
            for c in p.commits
        ]
        data = {"repo": repo, "ref": p.ref, "branch": _branch(p.ref), "commits": commits}
        subject = Ref(kind="ref", id=f"{repo}:{p.ref}", container=repo) if repo and p.ref else None
        when = p.head_commit.timestamp if p.head_commit else None
        return ("code.pushed", when, subject, data)

    @staticmethod
    def _comment(p: WebhookPayload, repo: str | None) -> list[Draft]:
        issue, comment = p.issue, p.comment
        if issue is None or issue.number is None or not repo:
            return []
        is_pr = issue.pull_request is not None
        data: dict[str, Any] = {
            "repo": repo,
            "number": issue.number,
            "title": issue.title or "",
            "url": issue.html_url,
            "author": _login(issue.user),
            "comment_id": comment.id if comment else None,
            "comment": ((comment.body if comment else None) or "")[:BODY_LIMIT],
            "commenter": _login(comment.user) if comment else None,
        }
        kind = "pull_request" if is_pr else "issue"
        subject = Ref(kind=kind, id=f"{repo}#{issue.number}", url=issue.html_url, container=repo)
        when = comment.created_at if comment else None
        return [("pr.commented" if is_pr else "issue.commented", when, subject, data)]
