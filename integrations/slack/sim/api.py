"""SlackSimulator: the parts of Slack's Web API pmbot uses, on loopback, with state and a request log."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from integrations.sim_base import RecordedRequest, Simulator
from integrations.slack.sim.blockkit import message_refusal, view_refusal

Args = dict[str, Any]
Answer = dict[str, Any]


@dataclass
class SimUser:
    """A workspace member."""

    id: str
    name: str
    real_name: str
    email: str
    tz: str = "UTC"
    is_bot: bool = False
    presence: str = "active"
    status_text: str = ""
    status_emoji: str = ""
    deleted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "team_id": "T0SIM",
            "name": self.name,
            "real_name": self.real_name,
            "deleted": self.deleted,
            "is_bot": self.is_bot,
            "tz": self.tz,
            "tz_label": self.tz,
            "profile": {
                "real_name": self.real_name,
                "display_name": self.name,
                "email": self.email,
                "status_text": self.status_text,
                "status_emoji": self.status_emoji,
            },
        }


@dataclass
class SimMessage:
    """A message the bot posted (and maybe updated)."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    user: str = "UBOT"
    edited: bool = False


@dataclass
class SimFile:
    """A file uploaded through files.getUploadURLExternal / the upload URL / completeUploadExternal."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channels: list[str] = field(default_factory=list)
    completed: bool = False


class SimError(Exception):
    """A Slack `{"ok": false, "error": code}` answer."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def arguments(request: RecordedRequest) -> Args:
    """A recorded Web API call's arguments, wherever slack_sdk put them (query, form or JSON)."""
    args: Args = {k: v[-1] for k, v in request.query.items()}
    args.update(request.form)
    if isinstance(request.json, dict):
        args.update(request.json)
    return args


class SlackSimulator(Simulator):
    """Slack's Web API on loopback: chat, conversations.open, users, files (v2 upload), auth.test."""

    name = "slack"
    api_prefix = "/api"

    def __init__(
        self,
        *,
        token: str = "xoxb-sim-token",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        team_id: str = "T0SIM",
    ) -> None:
        self.token = token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.users: dict[str, SimUser] = {}
        self.channels: dict[str, str] = {}
        self.files: dict[str, SimFile] = {}
        self._messages: list[SimMessage] = []
        self._dm_channels: dict[str, str] = {}
        self._counter = 0
        self._state = threading.RLock()
        self._upload_base: str | None = None
        self._methods: dict[str, Callable[[Args], Answer]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "conversations.open": self._open,
            "conversations.list": self._conversations_list,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "users.lookupByEmail": self._lookup_by_email,
            "users.getPresence": self._presence,
            "files.getUploadURLExternal": self._upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
        }
        self.views: dict[str, dict[str, Any]] = {}  # view id → the view as last opened or updated
        self.home: dict[str, dict[str, Any]] = {}  # user id → the App Home view last published
        super().__init__()

    @property
    def web_api_url(self) -> str:
        """What to pass as slack_sdk's base_url (it joins method names onto it)."""
        return self.base_url + "/"

    # -- seeding -----------------------------------------------------------------------------
    def add_user(
        self,
        id: str,
        name: str,
        real_name: str,
        email: str,
        tz: str | None = "UTC",
        is_bot: bool = False,
        presence: str = "active",
        status_text: str = "",
        status_emoji: str = "",
    ) -> SimUser:
        user = SimUser(id, name, real_name, email, tz or "UTC", is_bot, presence, status_text, status_emoji)
        with self._state:
            self.users[id] = user
        return user

    def join(self, id: str, name: str, real_name: str, email: str, tz: str = "UTC", *,
             is_bot: bool = False) -> dict[str, Any]:
        """Someone joins the workspace: they become a member, and the `team_join` event Slack sends apps
        subscribed to it (scope users:read) is returned, its `user` the whole user object as Slack sends it
        (the e-mail in `profile` only for apps with users:read.email, which pmbot's manifest asks for)."""
        user = self.add_user(id, name, real_name, email, tz, is_bot=is_bot)
        return {"type": "team_join", "user": user.to_json(), "event_ts": f"{time.time():.6f}"}

    def add_channel(self, id: str, name: str) -> None:
        with self._state:
            self.channels[id] = name

    def refuse_next(self, method: str, error: str = "rate_limited", *, times: int = 1) -> None:
        """Answer the next `times` calls of a Web API method with `{"ok": false, "error": error}` (HTTP 200)."""
        self.fail_next(f"{self.api_prefix}/{method}", 200, times=times, body={"ok": False, "error": error})

    def set_presence(self, user_id: str, presence: str) -> None:
        with self._state:
            self.users[user_id].presence = presence

    # -- queries for tests -------------------------------------------------------------------
    def messages(self, channel: str | None = None) -> list[SimMessage]:
        with self._state:
            return [m for m in self._messages if channel is None or m.channel == channel]

    def human_message(self, channel: str, user: str, text: str, *, thread_ts: str | None = None) -> SimMessage:
        """A person posts in a channel (a user id: in their DM with the app), so the bot can answer in its thread;
        sending the Events API delivery is up to the caller."""
        with self._state:
            message = SimMessage(self._resolve_channel(channel), self._next_ts(), text, None, thread_ts, user)
            self._messages.append(message)
            return message

    def channel_for_dm(self, user_id: str) -> str | None:
        with self._state:
            return self._dm_channels.get(user_id)

    def dms(self, user_id: str) -> list[SimMessage]:
        channel = self.channel_for_dm(user_id)
        return self.messages(channel) if channel else []

    def api_calls(self, method: str) -> list[Args]:
        """The arguments of every recorded call of one Web API method, e.g. "chat.postMessage"."""
        return [arguments(r) for r in self.calls(path=f"{self.api_prefix}/{method}")]

    # -- HTTP --------------------------------------------------------------------------------
    def routes(self) -> None:
        self.app.api_route("/api/{method}", methods=["GET", "POST"])(self._dispatch)
        self.app.post("/upload/v1/{file_id}")(self._receive_upload)
        self.app.post("/commands/{team}/{hook}/{token}")(self._receive_response)

    # -- response_url (slash commands and interactivity) ----------------------------------------
    def response_url(self) -> str:
        """A fresh `response_url` as Slack puts in a slash command (hooks.slack.com/commands/T…/…/…)."""
        with self._state:
            self._response_seq = getattr(self, "_response_seq", 0) + 1
            n = self._response_seq
        return f"http://127.0.0.1:{self.port}/commands/T0SIM/{1000 + n}/{secrets.token_hex(12)}"

    def responses(self, url: str | None = None) -> list[Args]:
        """The JSON bodies posted to response URLs (or to one of them), in order."""
        return [r.json for r in self.calls("POST", "/commands/*")
                if r.json is not None and (url is None or url.endswith(r.path))]

    async def _receive_response(self, team: str, hook: str, token: str, request: Request) -> Response:
        # Slack lets a response_url be used five times within 30 minutes; it answers "ok" as plain text.
        key = f"{team}/{hook}/{token}"
        with self._state:
            uses = self._response_uses = getattr(self, "_response_uses", {})
            uses[key] = uses.get(key, 0) + 1
            if uses[key] > 5:
                return Response("used_url", status_code=404, media_type="text/plain")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return Response("invalid_payload", status_code=400, media_type="text/plain")
        if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
            return Response("no_text", status_code=400, media_type="text/plain")
        if body.get("blocks") is not None and (refusal := message_refusal(body["blocks"])):
            return Response(refusal, status_code=400, media_type="text/plain")
        return Response("ok", media_type="text/plain")

    async def _dispatch(self, method: str, request: Request) -> Response:
        if self._upload_base is None:
            self._upload_base = str(request.base_url).rstrip("/")
        try:
            args = await self._request_args(request)
            self._check_token(request, args)
            handler = self._methods.get(method)
            if handler is None:
                raise SimError("unknown_method")
            with self._state:
                answer = handler(args)
        except SimError as exc:
            # Slack answers request-level failures with HTTP 200 and ok=false.
            return JSONResponse({"ok": False, "error": exc.code})
        return JSONResponse({"ok": True, **answer})

    @staticmethod
    async def _request_args(request: Request) -> Args:
        args: Args = dict(request.query_params)
        body = await request.body()
        ctype = request.headers.get("content-type", "")
        if body and "json" in ctype:
            try:
                parsed = json.loads(body)
            except ValueError:
                raise SimError("invalid_json") from None
            if not isinstance(parsed, dict):
                raise SimError("invalid_json")
            args.update(parsed)
        elif body and "x-www-form-urlencoded" in ctype:
            args.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        return args

    def _check_token(self, request: Request, args: Args) -> None:
        header = request.headers.get("authorization", "")
        given = header[7:] if header.lower().startswith("bearer ") else args.get("token")
        if not given:
            raise SimError("not_authed")
        if given != self.token:
            raise SimError("invalid_auth")

    def _next_ts(self) -> str:
        self._counter += 1
        return f"{1_700_000_000 + self._counter}.{self._counter:06d}"

    def _next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}0SIM{self._counter:05d}"

    @staticmethod
    def _blocks(args: Args) -> list[dict[str, Any]] | None:
        blocks = args.get("blocks")
        if isinstance(blocks, str):  # form-encoded calls carry blocks as a JSON string
            try:
                blocks = json.loads(blocks)
            except ValueError:
                raise SimError("invalid_blocks") from None
        if blocks is not None and (refusal := message_refusal(blocks)):
            raise SimError(refusal)
        return blocks

    def _resolve_channel(self, channel: Any) -> str:
        if not isinstance(channel, str) or not channel:
            raise SimError("channel_not_found")
        if channel in self.channels or channel in self._dm_channels.values():
            return channel
        if channel in self.users:  # posting to a user id lands in the DM with the app
            return self._dm_for(channel)
        by_name = [cid for cid, name in self.channels.items() if f"#{name}" == channel]
        if by_name:
            return by_name[0]
        raise SimError("channel_not_found")

    def _dm_for(self, user_id: str) -> str:
        if user_id not in self._dm_channels:
            self._dm_channels[user_id] = f"D{len(self._dm_channels) + 1:08d}"
        return self._dm_channels[user_id]

    # -- views (modals, App Home) ---------------------------------------------------------------
    @staticmethod
    def _view(args: Args) -> dict[str, Any]:
        view = args.get("view")
        if isinstance(view, str):  # form-encoded calls carry the view as a JSON string
            try:
                view = json.loads(view)
            except ValueError:
                raise SimError("invalid_arguments") from None
        if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
            raise SimError("invalid_arguments")
        if refusal := view_refusal(view):
            raise SimError(refusal)
        return view

    def _views_open(self, args: Args) -> Answer:
        trigger = str(args.get("trigger_id") or "")
        if not trigger:
            raise SimError("invalid_arguments")
        # A trigger_id is good for 3 seconds (Slack: "expired_trigger_id"); ours start with their epoch second.
        issued = trigger.split(".", 1)[0]
        if issued.isdigit() and time.time() - int(issued) > 3:
            raise SimError("expired_trigger_id")
        view = self._view(args)
        if view.get("type") != "modal":
            raise SimError("invalid_arguments")
        view_id = self._next_id("V")
        self.views[view_id] = view
        return {"view": {"id": view_id, **view}}

    def _views_update(self, args: Args) -> Answer:
        view_id = str(args.get("view_id") or "")
        if view_id not in self.views:
            raise SimError("not_found")
        self.views[view_id] = self._view(args)
        return {"view": {"id": view_id, **self.views[view_id]}}

    def _views_publish(self, args: Args) -> Answer:
        user = str(args.get("user_id") or "")
        if user not in self.users:
            raise SimError("user_not_found")
        view = self._view(args)
        if view.get("type") != "home":
            raise SimError("invalid_arguments")
        self.home[user] = view
        return {"view": {"id": self._next_id("V"), **view}}

    # -- Web API methods (called with the state lock held) -----------------------------------
    def _auth_test(self, args: Args) -> Answer:
        return {
            "url": "https://pmbot-sandbox.slack.com/",
            "team": "pmbot sandbox",
            "user": "pmbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
        }

    def _post_message(self, args: Args) -> Answer:
        channel = self._resolve_channel(args.get("channel"))
        text, blocks = args.get("text"), self._blocks(args)
        if not text and not blocks:
            raise SimError("no_text")
        thread_ts = args.get("thread_ts") or None
        if thread_ts and not any(m.channel == channel and m.ts == thread_ts for m in self._messages):
            raise SimError("thread_not_found")
        message = SimMessage(channel, self._next_ts(), str(text or ""), blocks, thread_ts, self.bot_user_id)
        self._messages.append(message)
        return {"channel": channel, "ts": message.ts, "message": self._message_json(message)}

    def _update(self, args: Args) -> Answer:
        channel = self._resolve_channel(args.get("channel"))
        for message in self._messages:
            if message.channel == channel and message.ts == args.get("ts"):
                if args.get("text") is not None:
                    message.text = str(args["text"])
                blocks = self._blocks(args)
                if blocks is not None:
                    message.blocks = blocks
                message.edited = True
                return {"channel": channel, "ts": message.ts, "text": message.text}
        raise SimError("message_not_found")

    def _message_json(self, message: SimMessage) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "message", "user": message.user, "bot_id": self.bot_id}
        out.update(text=message.text, ts=message.ts)
        if message.blocks is not None:
            out["blocks"] = message.blocks
        if message.thread_ts:
            out["thread_ts"] = message.thread_ts
        return out

    def _open(self, args: Args) -> Answer:
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            raise SimError("invalid_arguments" if not users else "not_supported")
        if users[0] not in self.users:
            raise SimError("user_not_found")
        return {"channel": {"id": self._dm_for(users[0])}}

    def _user(self, args: Args) -> SimUser:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            raise SimError("user_not_found")
        return user

    def _users_info(self, args: Args) -> Answer:
        return {"user": self._user(args).to_json()}

    def _users_list(self, args: Args) -> Answer:
        """Every member, the app's bot user and Slackbot included (as Slack lists them), `limit` a page; the
        cursor is opaque to the caller."""
        try:
            limit = int(args.get("limit") or 0)
            start = int(base64.b64decode(str(args.get("cursor") or "")).decode().removeprefix("user:") or 0)
        except ValueError:
            raise SimError("invalid_cursor") from None
        bot = SimUser(self.bot_user_id, "pmbot", "pmbot", "", is_bot=True)
        slackbot = SimUser("USLACKBOT", "slackbot", "Slackbot", "")
        members = [u.to_json() for u in (*self.users.values(), bot, slackbot)]
        end = len(members) if limit <= 0 else start + limit
        more = end < len(members)
        cursor = base64.b64encode(f"user:{end}".encode()).decode() if more else ""
        return {"members": members[start:end], "cache_ts": int(time.time()),
                "response_metadata": {"next_cursor": cursor}}

    def _conversations_list(self, args: Args) -> Answer:
        """The workspace's public channels (the only kind the simulator keeps), `limit` a page of at most 1000;
        Slack refuses other types without their scopes, and a limit or cursor it cannot read."""
        types = [t.strip() for t in str(args.get("types") or "public_channel").split(",")]
        if any(t not in ("public_channel", "private_channel", "mpim", "im") for t in types):
            raise SimError("invalid_types")
        try:
            limit = int(args.get("limit") or 100)
            start = int(base64.b64decode(str(args.get("cursor") or "")).decode().removeprefix("channel:") or 0)
        except ValueError:
            raise SimError("invalid_cursor") from None
        if not 1 <= limit <= 1000:
            raise SimError("invalid_limit")
        listed = [{"id": id, "name": name, "is_channel": True, "is_private": False, "is_archived": False,
                   "is_member": True} for id, name in self.channels.items()] if "public_channel" in types else []
        end = start + limit
        cursor = base64.b64encode(f"channel:{end}".encode()).decode() if end < len(listed) else ""
        return {"channels": listed[start:end], "response_metadata": {"next_cursor": cursor}}

    def _lookup_by_email(self, args: Args) -> Answer:
        email = str(args.get("email") or "").lower()
        for user in self.users.values():
            if user.email and user.email.lower() == email:
                return {"user": user.to_json()}
        raise SimError("users_not_found")

    def _presence(self, args: Args) -> Answer:
        return {"presence": self._user(args).presence}

    def _upload_url(self, args: Args) -> Answer:
        filename = args.get("filename")
        try:
            length = int(args.get("length"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise SimError("invalid_arguments") from None
        if not filename or length <= 0:
            raise SimError("invalid_arguments")
        file = SimFile(self._next_id("F"), str(filename), length)
        self.files[file.id] = file
        base = self._upload_base or f"http://127.0.0.1:{self.port}"
        return {"upload_url": f"{base}/upload/v1/{file.id}", "file_id": file.id}

    def _complete_upload(self, args: Args) -> Answer:
        entries = args.get("files")
        if isinstance(entries, str):
            try:
                entries = json.loads(entries)
            except ValueError:
                raise SimError("invalid_arguments") from None
        if not isinstance(entries, list) or not entries:
            raise SimError("invalid_arguments")
        channel = args.get("channel_id")
        channel = self._resolve_channel(channel) if channel else None
        done = []
        for entry in entries:
            file = self.files.get(str(entry.get("id") if isinstance(entry, dict) else ""))
            if file is None or file.content is None:
                raise SimError("file_not_found")
            file.title = entry.get("title") or file.filename
            file.completed = True
            if channel:
                file.channels.append(channel)
            done.append({"id": file.id, "name": file.filename, "title": file.title, "size": len(file.content)})
        return {"files": done}

    async def _receive_upload(self, file_id: str, request: Request) -> Response:
        content = await request.body()
        with self._state:
            file = self.files.get(file_id)
            if file is None:
                return PlainTextResponse("file not found", status_code=404)
            file.content = content
        return PlainTextResponse(f"OK - {len(content)}")
