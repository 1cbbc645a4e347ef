"""An in-memory GitHub REST API on loopback (the calls GitHubHost makes), for tests and the sandbox.

Point PyGithub (or GitHubHost) at `base_url`. It also signs and delivers webhooks like GitHub.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response

from integrations.github.sim.contents import contents
from integrations.github.sim.ratelimit import AUTHENTICATED_LIMIT, RateCounter
from integrations.github.sim.shapes import (
    Shapes,
    SimComment,
    SimCommit,
    SimPull,
    SimRepo,
    SimReview,
    fake_sha,
    link_header,
    parse_time,
)
from integrations.github.webhook import sign
from integrations.sim_base import Simulator

__all__ = ["GitHubSimulator", "DEFAULT_TOKEN", "SimApiError"]

DEFAULT_TOKEN = "ghp-sim-token"
DOCS = "https://docs.github.com/rest"
INSTALLATION_TOKEN_PREFIX = "ghs_"  # GitHub's documented prefix for GitHub App installation tokens


class SimApiError(Exception):
    """Raised inside a route to answer with GitHub's error JSON."""

    def __init__(self, status: int, message: str, docs: str = DOCS) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.docs = docs


class GitHubSimulator(Simulator):
    """GitHub REST API v3 subset with in-memory repos, pulls, commits, reviews and comments.

    `token_kind` is "user" (a PAT or OAuth token) or "installation" (a GitHub App installation
    token); by default it follows the token's prefix, as GitHub's token formats do."""

    name = "github"
    api_prefix = ""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        login: str = "pmbot[bot]",
        web_url: str | None = None,
        clock: Callable[[], datetime] | None = None,
        token_kind: str | None = None,
        rate_limit: int = AUTHENTICATED_LIMIT,
    ) -> None:
        if token_kind not in (None, "user", "installation"):
            raise ValueError(f"token_kind must be 'user' or 'installation', got {token_kind!r}")
        self.token = token
        self.token_kind = token_kind or (
            "installation" if token.startswith(INSTALLATION_TOKEN_PREFIX) else "user"
        )
        self.login = login
        self._web_url = web_url
        self._now = clock or (lambda: datetime.now(UTC))
        self.rate = RateCounter(self._now, rate_limit)
        # GitHub's secondary limits: mutating requests of one token less than a second apart are refused
        # ("wait at least one second between each request" for POST, PATCH, PUT, DELETE: REST best practices).
        self.write_spacing = 0.9  # a little under the second pmbot keeps, for the network's jitter
        self.secondary_refused = 0
        self._last_write: float | None = None
        self.repos: dict[str, SimRepo] = {}
        self.reviews: list[SimReview] = []
        self.comments: list[SimComment] = []
        self.files: dict[str, dict[str, str]] = {}  # repo → path → text, on the default branch
        self.org_members: dict[str, list[str]] = {}  # organisation → member logins
        self.collaborators: dict[str, list[str]] = {}  # repo → collaborator logins
        self._state = threading.RLock()
        self._review_ids = itertools.count(80000001)
        self._comment_ids = itertools.count(1000000001)
        super().__init__()

    @property
    def shapes(self) -> Shapes:
        return Shapes(self.base_url, self._web_url or f"http://127.0.0.1:{self.port}")

    # -- seeding ------------------------------------------------------------------------------
    def add_repo(self, full_name: str, *, default_branch: str = "main") -> dict[str, Any]:
        if full_name.count("/") != 1:
            raise ValueError(f"repository name must be 'owner/name', got {full_name!r}")
        with self._state:
            repo = self.repos.setdefault(full_name, SimRepo(full_name, default_branch))
            return self.shapes.repo(repo)

    def add_file(self, repo: str, path: str, text: str) -> None:
        """Put a file on the repository's default branch (readable through the contents API)."""
        with self._state:
            self._repo(repo, create=True)
            self.files.setdefault(repo, {})[path.strip("/")] = text

    def add_pull(
        self,
        repo: str,
        number: int,
        title: str,
        author: str,
        head_ref: str,
        body: str = "",
        state: str = "open",
        draft: bool = False,
        requested_reviewers: Sequence[str] = (),
        merged: bool = False,
    ) -> dict[str, Any]:
        now = self._now()
        with self._state:
            sim_repo = self._repo(repo, create=True)
            closed = state == "closed" or merged
            pr = SimPull(
                repo=repo, number=number, title=title, author=author, head_ref=head_ref,
                head_sha=fake_sha(f"{repo}:{head_ref}:{number}"), body=body,
                state="closed" if closed else "open", draft=draft, merged=merged,
                requested_reviewers=list(requested_reviewers), created_at=now, updated_at=now,
                closed_at=now if closed else None, merged_at=now if merged else None,
                base_ref=sim_repo.default_branch,
            )
            sim_repo.pulls[number] = pr
            return self.shapes.pull(sim_repo, pr, full=True)

    def check_suite_payload(self, repo: str, sha: str, app: str, conclusion: str,
                            pr_numbers: Sequence[int] = ()) -> dict[str, Any]:
        """A `check_suite` `completed` delivery as GitHub sends it: one suite per app per commit, whose id stays
        the same when the suite is re-run (so a later success of the same app reports on the same suite)."""
        with self._state:
            suites = self.__dict__.setdefault("_suites", {})
            suite_id = suites.setdefault((repo, sha, app), 118_578_147 + len(suites))
            app_id = 29_310 + sorted({a for (_, _, a) in suites}).index(app)
        owner = repo.split("/")[0]
        return {
            "action": "completed",
            "check_suite": {
                "id": suite_id, "head_branch": None, "head_sha": sha, "status": "completed", "conclusion": conclusion,
                "url": f"{self.base_url}/repos/{repo}/check-suites/{suite_id}",
                "pull_requests": [{"number": n, "head": {"sha": sha}} for n in pr_numbers],
                "app": {"id": app_id, "slug": app, "name": app},
                "updated_at": self._now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
            "repository": {"full_name": repo, "name": repo.split("/")[1], "owner": {"login": owner}},
            "sender": {"login": owner, "type": "User"},
        }

    def add_commit(self, repo: str, sha: str, message: str, author: str, date: datetime | str, *,
                   email: str | None = None, name: str | None = None) -> dict[str, Any]:
        """A commit by the login `author`; `email` and `name` are its git author's (default: noreply, login)."""
        with self._state:
            commit = SimCommit(repo, sha, message, author, parse_time(date), email, name)
            self._repo(repo, create=True).commits.append(commit)
            return self.shapes.commit(commit)

    def add_member(self, org: str, login: str) -> None:
        """A member of an organisation (GET /orgs/{org}/members lists them; e-mails are not in it)."""
        with self._state:
            members = self.org_members.setdefault(org, [])
            if login not in members:
                members.append(login)

    def add_collaborator(self, repo: str, login: str) -> None:
        with self._state:
            self._repo(repo, create=True)
            people = self.collaborators.setdefault(repo, [])
            if login not in people:
                people.append(login)

    def add_review(self, repo: str, number: int, reviewer: str, state: str, *, body: str = "") -> dict[str, Any]:
        with self._state:
            pr = self._pull(repo, number)
            review = SimReview(next(self._review_ids), repo, number, reviewer, state.upper(), self._now(), body)
            self.reviews.append(review)
            if reviewer in pr.requested_reviewers:
                pr.requested_reviewers.remove(reviewer)
            return self.shapes.review(review, pr.head_sha)

    # -- control ------------------------------------------------------------------------------
    def merge(self, repo: str, number: int) -> dict[str, Any]:
        """Merge an open pull request (as if someone pressed the button); returns its JSON."""
        return self._close(repo, number, merged=True)

    def close(self, repo: str, number: int) -> dict[str, Any]:
        """Close a pull request without merging; returns its JSON."""
        return self._close(repo, number, merged=False)

    def _close(self, repo: str, number: int, *, merged: bool) -> dict[str, Any]:
        now = self._now()
        with self._state:
            pr = self._pull(repo, number)
            pr.state, pr.closed_at, pr.updated_at = "closed", now, now
            if merged:
                pr.merged, pr.merged_at = True, now
            return self.shapes.pull(self.repos[repo], pr, full=True)

    def pull(self, repo: str, number: int) -> dict[str, Any]:
        with self._state:
            return self.shapes.pull(self.repos[repo], self._pull(repo, number), full=True)

    def comments_on(self, repo: str, number: int) -> list[str]:
        """Bodies of the comments on one pull request, oldest first."""
        with self._state:
            return [c.body for c in self.comments if c.repo == repo and c.number == number]

    def pull_request_payload(self, action: str, repo: str, number: int, *, sender: str | None = None) -> dict[str, Any]:
        """A `pull_request` webhook payload for the pull request's current state."""
        with self._state:
            sim_repo = self.repos[repo]
            pr = self._pull(repo, number)
            shapes = self.shapes
            return {
                "action": action,
                "number": number,
                "pull_request": shapes.pull(sim_repo, pr, full=True),
                "repository": shapes.repo(sim_repo),
                "sender": shapes.user(sender or pr.author),
            }

    # -- webhooks -----------------------------------------------------------------------------
    @staticmethod
    def webhook_headers(event: str, body: bytes, secret: str, delivery: str | None = None) -> dict[str, str]:
        """The headers GitHub sends with a webhook delivery of `body`."""
        return {
            "Content-Type": "application/json",
            "User-Agent": "GitHub-Hookshot/sim",
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
            "X-GitHub-Hook-ID": "1",
            "X-Hub-Signature-256": sign(secret, body),
        }

    def deliver(
        self, url: str, event: str, payload: dict[str, Any], secret: str, *, delivery: str | None = None
    ) -> httpx.Response:
        """POST a signed webhook delivery to `url`, as GitHub would."""
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        headers = self.webhook_headers(event, body, secret, delivery)
        return httpx.post(url, content=body, headers=headers, timeout=10)

    # -- internals ------------------------------------------------------------------------------
    def _repo(self, full_name: str, *, create: bool = False) -> SimRepo:
        repo = self.repos.get(full_name)
        if repo is None:
            if not create:
                raise SimApiError(404, "Not Found")
            self.add_repo(full_name)
            repo = self.repos[full_name]
        return repo

    def _pull(self, repo: str, number: int) -> SimPull:
        pr = self._repo(repo).pulls.get(number)
        if pr is None:
            raise SimApiError(404, "Not Found")
        return pr

    def _authenticated(self, request: Request) -> bool:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() in ("token", "bearer") and value.strip() == self.token

    def _auth(self, request: Request) -> None:
        if not self._authenticated(request):
            raise SimApiError(401, "Bad credentials")
        if request.method in ("POST", "PATCH", "PUT", "DELETE") and self.write_spacing:
            with self._state:
                now = time.monotonic()
                early = self._last_write is not None and now - self._last_write < self.write_spacing
                self._last_write = now
                if early:
                    self.secondary_refused += 1
            if early:
                raise SimApiError(403, "You have exceeded a secondary rate limit. Please wait a few minutes "
                                  "before you try again.",
                                  "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                                  "#about-secondary-rate-limits")
        if request.scope.get("sim.rate_limited"):
            raise SimApiError(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support "
                              "for help, please include the request ID.",
                              "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")

    async def _rate_limit(self, request: Request, call_next: Any) -> Response:
        """Count the request and send the x-ratelimit-* headers GitHub puts on every response,
        errors and injected faults included (a fault's own headers win)."""
        if request.url.path.startswith("/_sim"):
            return await call_next(request)  # type: ignore[no-any-return]
        over, headers = self.rate.count("token" if self._authenticated(request) else None)
        request.scope["sim.rate_limited"] = over
        response: Response = await call_next(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    def _json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(data, status_code=status, headers=headers)

    def _page(self, request: Request, items: list[dict[str, Any]]) -> JSONResponse:
        try:
            per_page = min(100, max(1, int(request.query_params.get("per_page", "30"))))
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            raise SimApiError(422, "Validation Failed") from None
        last = max(1, math.ceil(len(items) / per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        link = link_header(str(request.url), page, last)
        return self._json(chunk, headers={"Link": link} if link else None)

    def routes(self) -> None:
        app = self.app
        app.middleware("http")(self._rate_limit)  # added after the recorder, so it wraps injected faults too

        @app.exception_handler(SimApiError)
        async def _api_error(request: Request, exc: SimApiError) -> JSONResponse:
            body = {"message": exc.message, "documentation_url": exc.docs, "status": str(exc.status)}
            return JSONResponse(body, status_code=exc.status)

        auth = [Depends(self._auth)]

        @app.get("/user", dependencies=auth)
        def get_user() -> JSONResponse:
            if self.token_kind == "installation":
                # An installation token acts as the app, not as a user: GitHub refuses /user.
                raise SimApiError(403, "Resource not accessible by integration",
                                  "https://docs.github.com/rest/users/users#get-the-authenticated-user")
            return self._json(self.shapes.user(self.login))

        @app.get("/repos/{owner}/{name}", dependencies=auth)
        def get_repo(owner: str, name: str) -> JSONResponse:
            with self._state:
                return self._json(self.shapes.repo(self._repo(f"{owner}/{name}")))

        @app.get("/repos/{owner}/{name}/contents", dependencies=auth)
        @app.get("/repos/{owner}/{name}/contents/{path:path}", dependencies=auth)
        def get_contents(owner: str, name: str, path: str = "") -> JSONResponse:
            with self._state:
                repo = self._repo(f"{owner}/{name}")
                found = contents(self.base_url, self.shapes.web, repo.full_name, repo.default_branch,
                                 dict(self.files.get(repo.full_name, {})), path)
            if found is None:
                raise SimApiError(404, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content")
            return self._json(found)

        @app.get("/repos/{owner}/{name}/pulls", dependencies=auth)
        def list_pulls(owner: str, name: str, request: Request, state: str = "open") -> JSONResponse:
            with self._state:
                repo = self._repo(f"{owner}/{name}")
                pulls = sorted(repo.pulls.values(), key=lambda p: p.number, reverse=True)  # newest first
                wanted = [p for p in pulls if state == "all" or p.state == state]
                items = [self.shapes.pull(repo, p, full=False) for p in wanted]
            return self._page(request, items)

        @app.get("/repos/{owner}/{name}/pulls/{number}", dependencies=auth)
        def get_pull(owner: str, name: str, number: int) -> JSONResponse:
            with self._state:
                repo = self._repo(f"{owner}/{name}")
                return self._json(self.shapes.pull(repo, self._pull(repo.full_name, number), full=True))

        @app.get("/repos/{owner}/{name}/pulls/{number}/reviews", dependencies=auth)
        def list_reviews(owner: str, name: str, number: int, request: Request) -> JSONResponse:
            full_name = f"{owner}/{name}"
            with self._state:
                pr = self._pull(full_name, number)
                mine = [r for r in self.reviews if r.repo == full_name and r.number == number]
                items = [self.shapes.review(r, pr.head_sha) for r in mine]
            return self._page(request, items)

        @app.get("/repos/{owner}/{name}/commits", dependencies=auth)
        def list_commits(owner: str, name: str, request: Request, since: str | None = None) -> JSONResponse:
            with self._state:
                repo = self._repo(f"{owner}/{name}")
                commits = sorted(repo.commits, key=lambda c: c.date, reverse=True)
                if since:
                    try:
                        cutoff = parse_time(since)
                    except ValueError:
                        raise SimApiError(422, "Validation Failed") from None
                    commits = [c for c in commits if c.date >= cutoff]
                items = [self.shapes.commit(c) for c in commits]
            return self._page(request, items)

        @app.get("/orgs/{org}/members", dependencies=auth)
        def list_org_members(org: str, request: Request) -> JSONResponse:
            with self._state:
                if org not in self.org_members and not any(r.startswith(f"{org}/") for r in self.repos):
                    raise SimApiError(404, "Not Found", "https://docs.github.com/rest/orgs/members#list-organization-members")
                items = [self.shapes.user(login) for login in self.org_members.get(org, [])]
            return self._page(request, items)

        @app.get("/orgs/{org}/repos", dependencies=auth)
        def list_org_repos(org: str, request: Request) -> JSONResponse:
            with self._state:
                if org not in self.org_members and not any(r.startswith(f"{org}/") for r in self.repos):
                    raise SimApiError(404, "Not Found", "https://docs.github.com/rest/repos/repos#list-organization-repositories")
                items = [self.shapes.repo(r) for name, r in sorted(self.repos.items()) if name.startswith(f"{org}/")]
            return self._page(request, items)

        @app.get("/repos/{owner}/{name}/collaborators", dependencies=auth)
        def list_collaborators(owner: str, name: str, request: Request) -> JSONResponse:
            full_name = f"{owner}/{name}"
            with self._state:
                self._repo(full_name)
                items = [self.shapes.user(login) for login in self.collaborators.get(full_name, [])]
            return self._page(request, items)

        @app.get("/repos/{owner}/{name}/issues/{number}/comments", dependencies=auth)
        def list_comments(owner: str, name: str, number: int, request: Request) -> JSONResponse:
            full_name = f"{owner}/{name}"
            with self._state:
                self._pull(full_name, number)
                mine = [c for c in self.comments if c.repo == full_name and c.number == number]
                items = [self.shapes.comment(c) for c in mine]
            return self._page(request, items)

        @app.post("/repos/{owner}/{name}/issues/{number}/comments", dependencies=auth)
        async def create_comment(owner: str, name: str, number: int, request: Request) -> JSONResponse:
            try:
                body = json.loads(await request.body())
            except ValueError:
                raise SimApiError(400, "Problems parsing JSON") from None
            if not isinstance(body, dict) or not isinstance(body.get("body"), str) or not body["body"]:
                raise SimApiError(422, "Validation Failed")
            full_name = f"{owner}/{name}"
            with self._state:
                self._pull(full_name, number)
                comment = SimComment(next(self._comment_ids), full_name, number, self.login, body["body"], self._now())
                self.comments.append(comment)
                return self._json(self.shapes.comment(comment), status=201)
