"""GitHub REST client (PyGithub): the CodeHost pmbot's agents use."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import github
import requests
from github import GithubException
from github.Requester import Requester
from urllib3 import Retry

from integrations.errors import (
    AuthFailed,
    IntegrationError,
    NotFound,
    PlatformRejected,
    RateLimited,
    Unavailable,
)
from integrations.headers import header
from integrations.headers import retry_after as parse_retry_after
from integrations.models import Commit, PullRequest, RepoFile, Review
from integrations.ratelimit import RequestBudget

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.github.com"
DEFAULT_RATE_LIMIT_WAIT = 60.0
MAX_OPEN_PULLS = 1000  # a safety cap for one reconciliation pass
MAX_REPO_FILES = 500  # a safety cap for one documentation read (each file is one request)
MAX_FILE_BYTES = 1_000_000
MAX_PEOPLE = 1000  # a safety cap for one listing of members or collaborators
MAX_AUTHOR_COMMITS = 300  # the newest commits of a repository read for their authors' e-mails
INSTALLATION_TOKEN_PREFIX = "ghs_"  # GitHub's documented prefix for App installation tokens
BOT_SUFFIX = "[bot]"
WRITE_SPACING = 1.0  # seconds between mutating requests (GitHub's REST best practices)
NOT_ACCESSIBLE_BY_INTEGRATION = "Resource not accessible by integration"

T = TypeVar("T")


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def retry_after(headers: Mapping[str, Any] | None, now: float | None = None) -> float | None:
    """Seconds to wait as GitHub's rate-limit docs prescribe; None when the headers do not say.

    `Retry-After` first; `x-ratelimit-reset` only when `x-ratelimit-remaining` is 0, because
    GitHub sends the reset time on every response, an hour ahead, rate limited or not."""
    exhausted = header(headers, "x-ratelimit-remaining") == "0"
    return parse_retry_after(headers, reset="x-ratelimit-reset" if exhausted else None, now=now)


def github_message(exc: GithubException) -> str:
    """The `message` of GitHub's error body ("" when there is none)."""
    data = exc.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return exc.message or ""


def _says_rate_limit(message: str) -> bool:
    # Primary: "API rate limit exceeded ..."; secondary: "You have exceeded a secondary rate limit",
    # and the older abuse-detection wordings PyGithub also recognises.
    return "rate limit" in message.lower() or Requester.isRateLimitError(message)


def is_rate_limited(status: int | None, headers: Mapping[str, Any] | None, message: str) -> bool:
    """GitHub's rule: 429, or a 403 with `x-ratelimit-remaining: 0`, a `Retry-After` header, or a
    message naming a (secondary) rate limit. Any other 403 is a permission error."""
    if status == 429:
        return True
    if status != 403:
        return False
    return (
        header(headers, "x-ratelimit-remaining") == "0"
        or header(headers, "retry-after") is not None
        or _says_rate_limit(message)
    )


def translate(exc: Exception) -> IntegrationError:
    """Map a PyGithub / requests exception onto what the caller should do next."""
    if isinstance(exc, GithubException):
        status = exc.status
        headers = exc.headers or {}
        message = github_message(exc)
        said = f"GitHub answered {status}" + (f": {message}" if message else "")
        if is_rate_limited(status, headers, message):
            wait = retry_after(headers)
            # Docs: with neither header to go by, wait at least a minute before retrying.
            return RateLimited(DEFAULT_RATE_LIMIT_WAIT if wait is None else wait, said)
        if isinstance(exc, github.BadCredentialsException) or status == 401:
            return AuthFailed(said)
        if isinstance(exc, github.UnknownObjectException) or status == 404:
            return NotFound(said)
        if isinstance(status, int) and status >= 500:
            return Unavailable(said)
        return PlatformRejected(said)
    if isinstance(exc, requests.RequestException | ConnectionError | TimeoutError):
        return Unavailable(f"GitHub unreachable ({type(exc).__name__})")
    return PlatformRejected(f"GitHub client failed ({type(exc).__name__})")


def pull_request_from(repo: str, pr: Any) -> PullRequest:
    """Convert a PyGithub PullRequest; only fields present in list responses are read, so
    converting a listed pull request never triggers an extra request."""
    head = pr.head
    return PullRequest(
        repo=repo,
        number=pr.number,
        title=pr.title or "",
        url=pr.html_url or "",
        author=pr.user.login if pr.user is not None else "",
        state=pr.state or "",
        # `merged` is absent from list responses; `merged_at` is always there.
        merged=pr.merged_at is not None,
        draft=bool(pr.draft),
        head_ref=head.ref if head is not None else "",
        head_sha=head.sha if head is not None else "",
        body=pr.body or "",
        requested_reviewers=[u.login for u in (pr.requested_reviewers or []) if u is not None],
        updated_at=_utc(pr.updated_at),
    )


def review_from(review: Any) -> Review:
    return Review(
        id=review.id,
        reviewer=review.user.login if review.user is not None else "",
        state=(review.state or "").lower(),
        submitted_at=_utc(review.submitted_at),
    )


def commit_from(commit: Any) -> Commit:
    git = commit.commit
    git_author = git.author if git is not None else None
    login = commit.author.login if commit.author is not None else None
    return Commit(
        sha=commit.sha,
        message=git.message if git is not None else "",
        author=login or (git_author.name if git_author is not None else None),
        date=_utc(git_author.date) if git_author is not None else None,
    )


class CommitAuthor(NamedTuple):
    """Who wrote a commit: the GitHub login it is linked to (None when GitHub links none) and the git author."""

    login: str | None
    name: str
    email: str


class GitHubHost:
    """GitHub (or GitHub Enterprise) through PyGithub; every call runs in a worker thread."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        retries: int = 3,
        timeout: int = 15,
        app_slug: str | None = None,
        write_budget: RequestBudget | None = None,
        write_spacing: float = WRITE_SPACING,
    ) -> None:
        # An installation token acts as the app, "<slug>[bot]", and may not read /user.
        self.installation_token = token.startswith(INSTALLATION_TOKEN_PREFIX)
        self.app_slug = app_slug.strip().removesuffix(BOT_SUFFIX) if app_slug and app_slug.strip() else None
        retry: Retry | None = None
        if retries > 0:
            # Only idempotent reads of transient failures; rate limits go back to the caller as
            # RateLimited so the worker can reschedule instead of blocking a thread.
            retry = Retry(
                total=retries,
                connect=retries,
                read=retries,
                status=retries,
                status_forcelist=(502, 503, 504),
                allowed_methods=frozenset({"GET", "HEAD"}),
                backoff_factor=0.2,
                backoff_max=2.0,
                respect_retry_after_header=False,
                raise_on_status=False,
            )
        self.base_url = base_url.rstrip("/")
        self._gh = github.Github(
            auth=github.Auth.Token(token),
            base_url=self.base_url,
            retry=retry,
            timeout=timeout,
            per_page=100,
            seconds_between_requests=0,
            seconds_between_writes=0,
            lazy=True,
        )

        # GitHub asks for mutating requests one at a time and at least a second apart (secondary limits):
        # serial and spaced in this process, and spaced across replicas by the shared `write_budget`.
        self._write_budget = write_budget
        self._write_spacing = write_spacing
        self._writing: asyncio.Lock | None = None
        self._last_write = -math.inf

    def __repr__(self) -> str:  # the token stays out of reprs and logs
        return f"GitHubHost(base_url={self.base_url!r})"

    async def _call(self, what: str, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.to_thread(fn)
        except IntegrationError:
            raise
        except Exception as exc:  # noqa: BLE001 - every SDK failure is translated here
            error = translate(exc)
            log.info("github %s failed: %s", what, type(error).__name__)
            raise error from None

    # -- CodeHost ---------------------------------------------------------------------------
    async def pull_request(self, repo: str, number: int) -> PullRequest:
        def fetch() -> PullRequest:
            return pull_request_from(repo, self._gh.get_repo(repo).get_pull(number))

        return await self._call("pull_request", fetch)

    async def open_pull_requests(self, repo: str) -> list[PullRequest]:
        def fetch() -> list[PullRequest]:
            out = []
            for pr in self._gh.get_repo(repo).get_pulls(state="open"):
                out.append(pull_request_from(repo, pr))
                if len(out) >= MAX_OPEN_PULLS:
                    break
            return out

        return await self._call("open_pull_requests", fetch)

    async def commits_since(self, repo: str, since: datetime) -> list[Commit]:
        when = _utc(since) or since

        def fetch() -> list[Commit]:
            return [commit_from(c) for c in self._gh.get_repo(repo).get_commits(since=when)]

        return await self._call("commits_since", fetch)

    async def reviews(self, repo: str, number: int) -> list[Review]:
        def fetch() -> list[Review]:
            return [review_from(r) for r in self._gh.get_repo(repo).get_pull(number).get_reviews()]

        return await self._call("reviews", fetch)

    async def comment(self, repo: str, number: int, text: str) -> int:
        """Post an issue comment on the pull request (the conversation tab); returns its id."""

        def post() -> int:
            return int(self._gh.get_repo(repo).get_issue(number).create_comment(text).id)

        return await self._write("comment", post)

    async def _write(self, what: str, fn: Callable[[], T]) -> T:
        if self._writing is None:
            self._writing = asyncio.Lock()
        async with self._writing:
            wait = self._last_write + self._write_spacing - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if self._write_budget is not None:
                await self._write_budget.acquire(background=False)
            try:
                return await self._call(what, fn)
            finally:
                self._last_write = time.monotonic()

    async def read_files(self, repo: str, paths: Sequence[str], *,
                         suffixes: Sequence[str] = (".md", ".markdown", ".txt", ".rst")) -> list[RepoFile]:
        """The text files at `paths` on the default branch (a folder is read recursively, keeping files whose
        name ends with one of `suffixes`); a path that does not exist is skipped."""

        def fetch() -> list[RepoFile]:
            gh_repo = self._gh.get_repo(repo)
            found: list[RepoFile] = []
            pending = [p.strip("/") for p in paths]
            while pending and len(found) < MAX_REPO_FILES:
                path = pending.pop(0)
                try:
                    item = gh_repo.get_contents(path)
                except GithubException as exc:
                    if exc.status == 404:
                        continue
                    raise
                if isinstance(item, list):
                    pending += [c.path for c in item if c.type == "dir" or c.name.lower().endswith(tuple(suffixes))]
                elif item.type == "file" and (item.size or 0) <= MAX_FILE_BYTES:
                    text = item.decoded_content.decode("utf-8", "replace")
                    found.append(RepoFile(repo=repo, path=item.path, text=text, url=item.html_url))
            return found

        return await self._call("read_files", fetch)

    async def org_members(self, org: str) -> list[str]:
        """The logins of an organisation's members (GitHub does not give their e-mails)."""

        def fetch() -> list[str]:
            return [u.login for _, u in zip(range(MAX_PEOPLE), self._gh.get_organization(org).get_members(),
                                            strict=False)]

        return await self._call("org_members", fetch)

    async def org_repos(self, org: str) -> list[str]:
        def fetch() -> list[str]:
            return [r.full_name for _, r in zip(range(MAX_PEOPLE), self._gh.get_organization(org).get_repos(),
                                                strict=False)]

        return await self._call("org_repos", fetch)

    async def collaborators(self, repo: str) -> list[str]:
        """The logins of a repository's collaborators (needs push access to the repository)."""

        def fetch() -> list[str]:
            return [u.login for _, u in zip(range(MAX_PEOPLE), self._gh.get_repo(repo).get_collaborators(),
                                            strict=False)]

        return await self._call("collaborators", fetch)

    async def commit_authors(self, repo: str, *, newest: int = MAX_AUTHOR_COMMITS) -> list[CommitAuthor]:
        """The authors of the newest commits on the default branch: the linked login and the git name and
        e-mail (where a member's profile hides their e-mail, their commits usually still carry it)."""

        def fetch() -> list[CommitAuthor]:
            found = []
            for _, commit in zip(range(newest), self._gh.get_repo(repo).get_commits(), strict=False):
                git = commit.commit.author if commit.commit is not None else None
                if git is None or not git.email:
                    continue
                login = commit.author.login if commit.author is not None else None
                found.append(CommitAuthor(login, git.name or "", git.email))
            return found

        return await self._call("commit_authors", fetch)

    async def whoami(self) -> str:
        """The login our writes appear under: the token's user, or "<slug>[bot]" for a GitHub App."""
        if self.installation_token and self.app_slug:
            return f"{self.app_slug}{BOT_SUFFIX}"

        def fetch() -> str:
            try:
                return str(self._gh.get_user().login)
            except GithubException as exc:
                if exc.status != 403 or github_message(exc) != NOT_ACCESSIBLE_BY_INTEGRATION:
                    raise
            # GitHub refuses GET /user to installation tokens, and GET /app needs the app's JWT.
            if self.app_slug:
                return f"{self.app_slug}{BOT_SUFFIX}"
            raise AuthFailed(
                "this GitHub token belongs to a GitHub App installation, which may not read /user; "
                "set GITHUB_APP_SLUG to the app's slug so pmbot knows its own login (<slug>[bot])"
            )

        return await self._call("whoami", fetch)

    async def aclose(self) -> None:
        await asyncio.to_thread(self._gh.close)
