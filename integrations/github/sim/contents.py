"""The simulator's repository contents: GET /repos/{owner}/{name}/contents/{path} for files and folders, shaped
as GitHub answers (enough for PyGithub's `Repository.get_contents`)."""

from __future__ import annotations

import base64
from typing import Any

from integrations.github.sim.shapes import fake_sha


def _entry(api: str, web: str, repo: str, branch: str, path: str, kind: str, size: int) -> dict[str, Any]:
    url = f"{api}/repos/{repo}/contents/{path}?ref={branch}"
    html = f"{web}/{repo}/{'blob' if kind == 'file' else 'tree'}/{branch}/{path}"
    sha = fake_sha(f"{repo}:{path}")
    git = f"{api}/repos/{repo}/git/{'blobs' if kind == 'file' else 'trees'}/{sha}"
    raw = f"{web}/{repo}/raw/{branch}/{path}" if kind == "file" else None
    return {
        "type": kind, "name": path.rsplit("/", 1)[-1], "path": path, "sha": sha, "size": size, "url": url,
        "html_url": html, "git_url": git, "download_url": raw, "_links": {"self": url, "git": git, "html": html},
    }


def contents(api: str, web: str, repo: str, branch: str, files: dict[str, str], path: str) -> Any:
    """A file's JSON (content base64-encoded, in 60-character lines as GitHub sends it), a folder's listing,
    or None when nothing is there."""
    path = path.strip("/")
    if path in files:
        data = files[path].encode("utf-8")
        encoded = base64.b64encode(data).decode("ascii")
        lines = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60))
        return {**_entry(api, web, repo, branch, path, "file", len(data)), "encoding": "base64",
                "content": lines + "\n"}
    prefix = f"{path}/" if path else ""
    children: dict[str, dict[str, Any]] = {}
    for name, text in sorted(files.items()):
        if not name.startswith(prefix):
            continue
        head, _, rest = name[len(prefix):].partition("/")
        child = prefix + head
        if rest:
            children.setdefault(child, _entry(api, web, repo, branch, child, "dir", 0))
        else:
            children[child] = _entry(api, web, repo, branch, child, "file", len(text.encode("utf-8")))
    return list(children.values()) if children else None
