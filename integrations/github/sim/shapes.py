"""JSON shapes of the GitHub REST API as the simulator renders them (enough for PyGithub).

State is kept as small records; JSON is rendered per request so every `url` points at the
simulator's own base URL, whatever port it was started on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: datetime | str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def numeric_id(text: str) -> int:
    """A stable positive id for a name (users and repos have numeric ids on GitHub)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def fake_sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 - an id, not security


@dataclass
class SimPull:
    repo: str
    number: int
    title: str
    author: str
    head_ref: str
    head_sha: str
    body: str
    state: str
    draft: bool
    merged: bool
    requested_reviewers: list[str]
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    merged_at: datetime | None = None
    base_ref: str = "main"


@dataclass
class SimCommit:
    repo: str
    sha: str
    message: str
    author: str
    date: datetime
    email: str | None = None  # the git author's e-mail; default: a noreply address, as GitHub hides them
    name: str | None = None  # the git author's name; default: the login


@dataclass
class SimReview:
    id: int
    repo: str
    number: int
    reviewer: str
    state: str
    submitted_at: datetime
    body: str = ""


@dataclass
class SimComment:
    id: int
    repo: str
    number: int
    author: str
    body: str
    created_at: datetime


@dataclass
class SimRepo:
    full_name: str
    default_branch: str = "main"
    pulls: dict[int, SimPull] = field(default_factory=dict)
    commits: list[SimCommit] = field(default_factory=list)


class Shapes:
    """Renders records as GitHub REST JSON against one API base and one web base."""

    def __init__(self, api: str, web: str) -> None:
        self.api = api.rstrip("/")
        self.web = web.rstrip("/")

    def user(self, login: str) -> dict[str, Any]:
        return {
            "login": login,
            "id": numeric_id("user:" + login),
            "node_id": f"U_{numeric_id('user:' + login)}",
            "type": "Bot" if login.endswith("[bot]") else "User",
            "site_admin": False,
            "url": f"{self.api}/users/{login}",
            "html_url": f"{self.web}/{login}",
        }

    def repo(self, repo: SimRepo) -> dict[str, Any]:
        owner, name = repo.full_name.split("/", 1)
        api = f"{self.api}/repos/{repo.full_name}"
        return {
            "id": numeric_id("repo:" + repo.full_name),
            "node_id": f"R_{numeric_id('repo:' + repo.full_name)}",
            "name": name,
            "full_name": repo.full_name,
            "private": False,
            "owner": self.user(owner),
            "html_url": f"{self.web}/{repo.full_name}",
            "description": None,
            "fork": False,
            "url": api,
            "pulls_url": api + "/pulls{/number}",
            "commits_url": api + "/commits{/sha}",
            "issues_url": api + "/issues{/number}",
            "default_branch": repo.default_branch,
        }

    def pull(self, repo: SimRepo, pr: SimPull, *, full: bool) -> dict[str, Any]:
        api = f"{self.api}/repos/{pr.repo}"
        owner = pr.repo.split("/", 1)[0]
        data: dict[str, Any] = {
            "url": f"{api}/pulls/{pr.number}",
            "id": numeric_id(f"pull:{pr.repo}#{pr.number}"),
            "node_id": f"PR_{numeric_id(f'pull:{pr.repo}#{pr.number}')}",
            "html_url": f"{self.web}/{pr.repo}/pull/{pr.number}",
            "diff_url": f"{self.web}/{pr.repo}/pull/{pr.number}.diff",
            "issue_url": f"{api}/issues/{pr.number}",
            "commits_url": f"{api}/pulls/{pr.number}/commits",
            "review_comments_url": f"{api}/pulls/{pr.number}/comments",
            "comments_url": f"{api}/issues/{pr.number}/comments",
            "statuses_url": f"{api}/statuses/{pr.head_sha}",
            "number": pr.number,
            "state": pr.state,
            "locked": False,
            "title": pr.title,
            "user": self.user(pr.author),
            "body": pr.body or None,
            "labels": [],
            "created_at": iso(pr.created_at),
            "updated_at": iso(pr.updated_at),
            "closed_at": iso(pr.closed_at),
            "merged_at": iso(pr.merged_at),
            "merge_commit_sha": fake_sha(f"merge:{pr.repo}#{pr.number}") if pr.merged else None,
            "assignees": [],
            "requested_reviewers": [self.user(login) for login in pr.requested_reviewers],
            "requested_teams": [],
            "draft": pr.draft,
            "head": {
                "label": f"{owner}:{pr.head_ref}",
                "ref": pr.head_ref,
                "sha": pr.head_sha,
                "user": self.user(owner),
                "repo": self.repo(repo),
            },
            "base": {
                "label": f"{owner}:{pr.base_ref}",
                "ref": pr.base_ref,
                "sha": fake_sha(f"base:{pr.repo}:{pr.base_ref}"),
                "user": self.user(owner),
                "repo": self.repo(repo),
            },
            "author_association": "MEMBER",
        }
        if full:  # GitHub leaves these out of list responses
            data.update(
                merged=pr.merged,
                mergeable=None if pr.state == "closed" else True,
                merged_by=self.user(owner) if pr.merged else None,
                comments=0,
                review_comments=0,
                commits=1,
                additions=1,
                deletions=0,
                changed_files=1,
            )
        return data

    def commit(self, commit: SimCommit) -> dict[str, Any]:
        api = f"{self.api}/repos/{commit.repo}"
        tree = fake_sha("tree:" + commit.sha)
        person = {"name": commit.name or commit.author,
                  "email": commit.email or f"{commit.author}@users.noreply.example", "date": iso(commit.date)}
        return {
            "sha": commit.sha,
            "node_id": f"C_{commit.sha[:12]}",
            "url": f"{api}/commits/{commit.sha}",
            "html_url": f"{self.web}/{commit.repo}/commit/{commit.sha}",
            "commit": {
                "url": f"{api}/git/commits/{commit.sha}",
                "author": person,
                "committer": person,
                "message": commit.message,
                "tree": {"sha": tree, "url": f"{api}/git/trees/{tree}"},
                "comment_count": 0,
            },
            "author": self.user(commit.author),
            "committer": self.user(commit.author),
            "parents": [],
        }

    def review(self, review: SimReview, head_sha: str) -> dict[str, Any]:
        return {
            "id": review.id,
            "node_id": f"PRR_{review.id}",
            "user": self.user(review.reviewer),
            "body": review.body,
            "state": review.state,
            "html_url": f"{self.web}/{review.repo}/pull/{review.number}#pullrequestreview-{review.id}",
            "pull_request_url": f"{self.api}/repos/{review.repo}/pulls/{review.number}",
            "submitted_at": iso(review.submitted_at),
            "commit_id": head_sha,
            "author_association": "MEMBER",
        }

    def comment(self, comment: SimComment) -> dict[str, Any]:
        api = f"{self.api}/repos/{comment.repo}"
        return {
            "id": comment.id,
            "node_id": f"IC_{comment.id}",
            "url": f"{api}/issues/comments/{comment.id}",
            "html_url": f"{self.web}/{comment.repo}/pull/{comment.number}#issuecomment-{comment.id}",
            "issue_url": f"{api}/issues/{comment.number}",
            "body": comment.body,
            "user": self.user(comment.author),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.created_at),
            "author_association": "MEMBER",
        }


def link_header(url: str, page: int, last: int) -> str | None:
    """GitHub's pagination Link header for `url` (absolute, as GitHub sends it)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))

    def at(number: int) -> str:
        query["page"] = str(number)
        return urlunsplit(parts._replace(query=urlencode(query)))

    links = []
    if page > 1:
        links.append(f'<{at(page - 1)}>; rel="prev"')
    if page < last:
        links.append(f'<{at(page + 1)}>; rel="next"')
        links.append(f'<{at(last)}>; rel="last"')
    if page > 1:
        links.append(f'<{at(1)}>; rel="first"')
    return ", ".join(links) or None
