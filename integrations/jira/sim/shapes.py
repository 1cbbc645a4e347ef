"""JSON shapes of the Jira Cloud simulator, as Jira's OpenAPI document (swagger-v3.v3.json) gives them: User,
StatusDetails with its StatusCategory, IssueBean, Comment, ErrorCollection."""

from __future__ import annotations

from typing import Any

# The three status categories of every Jira site (GET /rest/api/3/statuscategory): id, key, colour, name.
CATEGORIES: dict[str, dict[str, Any]] = {
    "todo": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"},
    "in_progress": {"id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress"},
    "done": {"id": 3, "key": "done", "colorName": "green", "name": "Done"},
}


class SimApiError(Exception):
    """An error answer: Jira's ErrorCollection body {"errorMessages": [...], "errors": {field: message}}."""

    def __init__(self, status: int, *messages: str, errors: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__("; ".join(messages) or str(errors))
        self.status, self.messages, self.errors, self.headers = status, list(messages), errors or {}, headers or {}

    def body(self) -> dict[str, Any]:
        return {"errorMessages": self.messages, "errors": self.errors}


def user_json(site: str, account_id: str, name: str, email: str | None, *, account_type: str = "atlassian",
              time_zone: str = "UTC", active: bool = True) -> dict[str, Any]:
    return {"self": f"{site}/rest/api/3/user?accountId={account_id}", "accountId": account_id,
            "accountType": account_type, "emailAddress": email, "displayName": name, "active": active,
            "timeZone": time_zone, "avatarUrls": {"48x48": f"{site}/avatar/{account_id}.png"}}


def public_user(user: dict[str, Any]) -> dict[str, Any]:
    """A user as embedded in issues, comments and webhooks: without the e-mail where the user hides it (Jira's
    profile visibility: pmbot cannot count on e-mails)."""
    return {k: v for k, v in user.items() if k not in ("emailAddress", "hidden_email")} | (
        {} if user.get("hidden_email") else {"emailAddress": user.get("emailAddress")})


def status_json(site: str, status_id: str, name: str, category: str) -> dict[str, Any]:
    kind = CATEGORIES[category]
    return {"self": f"{site}/rest/api/3/status/{status_id}", "description": "", "iconUrl": f"{site}/images/s.png",
            "name": name, "id": status_id, "statusCategory": {"self": f"{site}/rest/api/3/statuscategory/{kind['id']}",
                                                                **kind}}


def comment_json(site: str, issue_id: str, comment_id: str, author: dict[str, Any], body: dict[str, Any],
                 created: str, updated: str | None = None, editor: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"self": f"{site}/rest/api/3/issue/{issue_id}/comment/{comment_id}", "id": comment_id,
            "author": public_user(author), "body": body, "updateAuthor": public_user(editor or author),
            "created": created, "updated": updated or created, "jsdPublic": True}
