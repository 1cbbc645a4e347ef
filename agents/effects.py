"""Typed platform writes for agents: each one runs under its idempotency key with an audit row.

A write to a platform that is not configured is skipped here, once, with a log line: agents do not check.
Results that later steps need (where a DM landed, the plan a hand-off wrote) are stored with the action, so
a retry or another replica that finds the key done gets the same answer back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from integrations.events import Event
from integrations.models import PostedMessage

if TYPE_CHECKING:
    from agents.base import AgentContext


class Effects:
    """`ctx.do`: comment, update a task, post, DM, update a message, answer a command."""

    def __init__(self, ctx: AgentContext) -> None:
        self.ctx = ctx

    async def _run(self, key: str, kind: str, client: object | None, perform: Callable[[], Awaitable[Any]],
                   target: str | None, verify: Callable[[], Awaitable[Any]] | None = None) -> tuple[bool, Any]:
        role, _, verb = kind.partition(".")
        kind = f"{self.ctx.platforms.get(role, role)}.{verb}"  # the audit names the platform: clickup.comment
        if client is None:
            self.ctx.log.info("skipped %s: platform not configured", kind, extra={"action": kind, "action_key": key})
            return False, None
        return await self.ctx.act(key, kind, perform, target=target, verify=verify)

    # -- tracker ------------------------------------------------------------------------------------
    async def comment(self, task_id: str, text: str, *, key: str) -> bool:
        tracker = self.ctx.tracker
        done, _ = await self._run(key, "tracker.comment", tracker,
                                  lambda: tracker.comment(task_id, text), task_id,  # type: ignore[union-attr]
                                  verify=lambda: self._commented(task_id, text))
        return done

    async def _commented(self, task_id: str, text: str) -> str | None:
        """The id of pmbot's comment with this text on the task, if one is there (a write a dead holder sent)."""
        assert self.ctx.tracker is not None
        me = self.ctx.identities.get("tracker")
        for comment in reversed(await self.ctx.tracker.comments(task_id)):
            if comment.text.strip() == text.strip() and (me is None or (comment.author and comment.author.id == me)):
                return comment.id
        return None

    async def update_task(
        self,
        task_id: str,
        *,
        key: str,
        status: str | None = None,
        add_assignees: Sequence[str] = (),
        remove_assignees: Sequence[str] = (),
        due_date: datetime | None = None,
        priority: int | None = None,
        record: Any = None,
    ) -> tuple[bool, Any]:
        """One task write. `record` is what the action stores as its result (default: nothing), so a caller
        that finds the key already done learns what the first writer decided."""
        tracker = self.ctx.tracker

        async def write() -> Any:
            assert tracker is not None
            await tracker.update_task(task_id, status=status, add_assignees=add_assignees,
                                      remove_assignees=remove_assignees, due_date=due_date, priority=priority)
            return record

        return await self._run(key, "tracker.update_task", tracker, write, task_id)

    async def add_tag(self, task_id: str, tag: str, *, key: str) -> bool:
        tracker = self.ctx.tracker
        done, _ = await self._run(key, "tracker.add_tag", tracker,
                                  lambda: tracker.add_tag(task_id, tag), task_id)  # type: ignore[union-attr]
        return done

    async def create_task(self, list_id: str, name: str, *, key: str, description: str = "") -> str | None:
        """Create a task; its id (the first writer's, when the key was done already)."""
        tracker = self.ctx.tracker

        async def create() -> str:
            assert tracker is not None
            return (await tracker.create_task(list_id, name, description=description)).id

        _, task_id = await self._run(key, "tracker.create_task", tracker, create, list_id)
        return str(task_id) if task_id else None

    # -- chat ---------------------------------------------------------------------------------------
    async def post(self, channel: str, text: str, *, key: str, thread_ts: str | None = None,
                   blocks: list[dict[str, Any]] | None = None) -> PostedMessage | None:
        chat = self.ctx.chat

        async def send() -> dict[str, str]:
            assert chat is not None
            posted = await chat.post(channel, text, thread_ts=thread_ts, blocks=blocks)
            return posted.model_dump()

        _, result = await self._run(key, "chat.post", chat, send, channel)
        return PostedMessage.model_validate(result) if result else None

    async def dm(self, user_id: str, text: str, *, key: str,
                 blocks: list[dict[str, Any]] | None = None) -> PostedMessage | None:
        chat = self.ctx.chat

        async def send() -> dict[str, str]:
            assert chat is not None
            posted = await chat.dm(user_id, text, blocks=blocks)
            return posted.model_dump()

        _, result = await self._run(key, "chat.dm", chat, send, user_id)
        return PostedMessage.model_validate(result) if result else None

    async def update_message(self, channel: str, ts: str, text: str, *, key: str,
                             blocks: list[dict[str, Any]] | None = None, target: str | None = None) -> bool:
        chat = self.ctx.chat
        done, _ = await self._run(key, "chat.update", chat,
                                  lambda: chat.update(channel, ts, text, blocks=blocks),  # type: ignore[union-attr]
                                  target or channel)
        return done

    async def respond(self, event: Event, text: str, *, key: str | None = None,
                      blocks: list[dict[str, Any]] | None = None) -> bool:
        """Answer a slash command ephemerally in its channel (through its `response_url`)."""
        chat, url = self.ctx.chat, event.data.get("response_url")
        if not url:
            if event.actor:  # no response_url (a replayed command): the asker still gets the answer
                return await self.dm(event.actor, text, key=key or f"respond:{event.id}", blocks=blocks) is not None
            return False
        done, _ = await self._run(key or f"respond:{event.id}", "chat.respond", chat,
                                  lambda: chat.respond(str(url), text, blocks=blocks),  # type: ignore[union-attr]
                                  event.actor)
        return done

    async def upload_image(self, channel: str, filename: str, content: bytes, *, key: str,
                           title: str | None = None) -> str | None:
        """Share an image (a PNG chart) in a channel; the file id, or None when the chat is not configured."""
        chat = self.ctx.chat

        async def upload() -> str:
            assert chat is not None
            return await chat.upload_image(channel, filename, content, title=title)

        _, file_id = await self._run(key, "chat.upload_image", chat, upload, channel)
        return str(file_id) if file_id else None

    async def open_modal(self, trigger_id: str, view: dict[str, Any], *, key: str) -> str | None:
        """Open a modal (the trigger is good for 3 s: call this on the request path, see Agent.on_request)."""
        chat = self.ctx.chat

        async def open_() -> str:
            assert chat is not None
            return await chat.open_modal(trigger_id, view)

        _, view_id = await self._run(key, "chat.open_modal", chat, open_, trigger_id)
        return str(view_id) if view_id else None

    async def update_modal(self, view_id: str, view: dict[str, Any], *, key: str) -> bool:
        chat = self.ctx.chat
        done, _ = await self._run(key, "chat.update_modal", chat,
                                  lambda: chat.update_modal(view_id, view), view_id)  # type: ignore[union-attr]
        return done

    async def publish_home(self, user_id: str, view: dict[str, Any], *, key: str) -> bool:
        chat = self.ctx.chat
        done, _ = await self._run(key, "chat.publish_home", chat,
                                  lambda: chat.publish_home(user_id, view), user_id)  # type: ignore[union-attr]
        return done

    # -- code host ----------------------------------------------------------------------------------
    async def pr_comment(self, repo: str, number: int, text: str, *, key: str) -> bool:
        code = self.ctx.code
        done, _ = await self._run(key, "code.comment", code,
                                  lambda: code.comment(repo, number, text), f"{repo}#{number}")  # type: ignore[union-attr]
        return done
