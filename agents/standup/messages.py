"""Every user-facing string and Block Kit builder of the standup collector."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from agents.common import mrkdwn
from agents.common.mrkdwn import MESSAGE_TEXT, Mrkdwn, authored, esc, lines_within, truncate
from agents.common.squads import MARK
from agents.standup.config import Question
from agents.standup.state import Blocker, Draft, DraftLine, Entry

ANSWER_ACTION = "standup.answer"
MODAL = "standup.answer"
INPUT = "text"
SIGNATURE = "— pmbot"
TASK_KINDS = frozenset({"moved", "closed", "created", "commented"})
MAX_SQUAD_BUTTONS = 25  # Slack's limit of elements in an actions block
MODAL_TEXT_MAX = 3000  # Slack's limit for a plain_text_input's initial value
SUMMARY_LINE = 160
BLOCKER_CHARS, BLOCKERS_CHARS, BODY_CHARS = 300, 1500, 2000  # the summary message stays under 4,000


def day_name(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def clock(when: time) -> str:
    return when.strftime("%H:%M")


def link(label: str, url: str | None) -> Mrkdwn:
    return mrkdwn.link(url, label)


def block_id(question: Question) -> str:
    return f"q_{question.key}"


def squad_word(squad: str | None) -> str:
    """` *web*` in "your *web* standup": a named squad's standup says which it is."""
    return f" *{squad}*" if squad else ""


def day_value(day: date, squad: str | None) -> str:
    """A button's value and a form's callback tail: the day, and the squad for a named one (`2026-11-23@web`)."""
    return day.isoformat() + (f"{MARK}{squad}" if squad else "")


def parse_day_value(value: str) -> tuple[str, str | None]:
    """`2026-11-23@web` → ("2026-11-23", "web"); a value sent before squads has no squad."""
    day, mark, squad = value.partition(MARK)
    return day, (squad if mark else None)


# -- draft lines -----------------------------------------------------------------------------------
def verb(entry: Entry) -> str:
    return {
        "moved": f"moved to {entry.detail}",
        "closed": f"closed ({entry.detail})" if entry.detail else "closed",
        "created": "created",
        "commented": "commented",
        "pr_opened": "opened",
        "pr_merged": entry.detail or "merged",
        "reviewed": f"reviewed ({entry.detail})" if entry.detail else "reviewed",
    }.get(entry.kind, entry.kind)


def _verbs(verbs: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(verbs))


def task_line(title: str, verbs: Sequence[str], url: str | None) -> DraftLine:
    return DraftLine(label=title, note=_verbs(verbs), url=url)


def pr_line(ref: str, title: str, verbs: Sequence[str], url: str | None) -> DraftLine:
    return DraftLine(label=f"{ref} {title}".strip(), note=_verbs(verbs), url=url)


def push_line(ref: str, count: int, first_message: str) -> DraftLine:
    repo, _, branch = ref.partition(":")
    where = f"{repo} {branch}".strip()
    label = f"pushed {count} commit{'s' if count != 1 else ''} to {where}"
    return DraftLine(label=label, note=f"“{first_message}”" if first_message else "")


def next_line(name: str, status: str, url: str | None) -> DraftLine:
    return DraftLine(label=name, note=status, url=url)


def more_lines(count: int) -> DraftLine:
    return DraftLine(label=f"… and {count} more")


def line_mrkdwn(line: DraftLine) -> Mrkdwn:
    return Mrkdwn("• {}{}").format(link(line.label, line.url), f" — {line.note}" if line.note else "")


def line_plain(line: DraftLine) -> str:
    text = f"• {line.label}" + (f" — {line.note}" if line.note else "")
    return text + (f" {line.url}" if line.url else "")


def draft_plain(lines: Sequence[DraftLine]) -> str:
    return "\n".join(line_plain(line) for line in lines)


# -- the prompt ------------------------------------------------------------------------------------
def prompt_text(name: str, day: date, cutoff: time, questions: Sequence[Question], draft: Draft | None,
                tz: Any, squad: str | None = None) -> Mrkdwn:
    first = name.split()[0]
    lines = [Mrkdwn("Good morning {} — your" + squad_word(squad) + " standup for {} (answer by {}).").format(
        first, day_name(day), clock(cutoff))]
    drafted = draft is not None and not draft.empty
    if draft is not None and drafted:
        lines.append(Mrkdwn(f"_Drafted from your activity since {draft.since.astimezone(tz):%a %H:%M}:_"))
    for question in questions:
        lines.append(Mrkdwn("*{}*").format(question.text))
        if draft is not None and question.key in ("done", "next"):
            lines += [line_mrkdwn(line) for line in (draft.done if question.key == "done" else draft.next)]
    how = "the button (the draft is filled in)" if drafted else "the button"
    lines.append(Mrkdwn("Answer with {}, a reply in this thread, or `/standup &lt;text&gt;`.").format(how))
    return Mrkdwn("\n").join(lines)


def answer_button(day: date, label: str = "Answer", squad: str | None = None) -> dict[str, Any]:
    return {"type": "button", "action_id": ANSWER_ACTION, "value": day_value(day, squad), "style": "primary",
            "text": {"type": "plain_text", "text": label}}


def with_button(text: str, day: date, label: str = "Answer", squad: str | None = None) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), 3000)}},
        {"type": "actions", "block_id": "standup", "elements": [answer_button(day, label, squad)]},
    ]


def which_squad(day: date, squads: Sequence[str]) -> tuple[str, list[dict[str, Any]]]:
    """For someone in several squads' standups: one Answer button per squad (each opens that squad's form)."""
    text = (f"You are in {len(squads)} standups. Which one are you answering for {day_name(day)}? "
            f"(Or type `/standup {squads[0]} done: … next: …`.)")
    buttons = [{**answer_button(day, squad=name), "text": {"type": "plain_text", "text": name[:75]},
                "action_id": f"{ANSWER_ACTION}.{n}"} for n, name in enumerate(squads[:MAX_SQUAD_BUTTONS])]
    # Slack wants action ids unique within a message; the handler knows them by their prefix.
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}},
                  {"type": "actions", "block_id": "standup_squads", "elements": buttons}]


def answered_text(name: str, day: date, cutoff: time, answered_at: datetime, tz: Any) -> Mrkdwn:
    first = name.split()[0]
    return Mrkdwn("Standup for {}, {}: :white_check_mark: answered at {}. You can change it until {}.").format(
        day_name(day), first, f"{answered_at.astimezone(tz):%H:%M}", clock(cutoff))


def reminder_text(day: date, cutoff: time, squad: str | None = None) -> Mrkdwn:
    return Mrkdwn("Reminder: your" + squad_word(squad) + " standup for {} closes at {}. Answer with the button, "
                  "a reply in the thread of this morning's message, or `/standup &lt;text&gt;`.").format(
                      day_name(day), clock(cutoff))


# -- the modal -------------------------------------------------------------------------------------
def modal(day: date, cutoff: time, questions: Sequence[Question], values: dict[str, str],
          squad: str | None = None) -> dict[str, Any]:
    where = f"{squad} · " if squad else ""
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [{"type": "mrkdwn",
                                          "text": f"{where}{day_name(day)} · you can edit until {clock(cutoff)}"}]},
    ]
    for question in questions:
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": INPUT, "multiline": True}
        if values.get(question.key):
            element["initial_value"] = values[question.key][:MODAL_TEXT_MAX]
        blocks.append({"type": "input", "block_id": block_id(question), "optional": True,
                       "label": {"type": "plain_text", "text": question.text}, "element": element})
    return {"type": "modal", "callback_id": f"{MODAL}:{day_value(day, squad)}",
            "title": {"type": "plain_text", "text": "Standup"},
            "submit": {"type": "plain_text", "text": "Save"},
            "close": {"type": "plain_text", "text": "Cancel"}, "blocks": blocks}


# -- answers ---------------------------------------------------------------------------------------
def answer_lines(questions: Sequence[Question], answer: dict[str, str]) -> list[Mrkdwn]:
    lines: list[Mrkdwn] = []
    for question in questions:
        value = (answer.get(question.key) or "").strip()
        if value:
            lines += [Mrkdwn("*{}*").format(question.text), authored(value)]
    return lines


def saved_text(day: date, questions: Sequence[Question], answer: dict[str, str]) -> Mrkdwn:
    head = Mrkdwn("Saved your standup for {}:").format(day_name(day))
    return Mrkdwn("\n").join([head, *answer_lines(questions, answer)])


def thread_saved(day: date) -> str:
    return f"Saved as your standup for {day_name(day)}."


def closed_text(day: date, cutoff: time) -> str:
    return (f"Your standup for {day_name(day)} closed at {clock(cutoff)} (your time) and you had answered; "
            "it stays as it was.")


def empty_answer() -> str:
    return "That answer is empty; nothing was saved. Try `/standup done: … next: … blockers: …`."


def skipped_text(day: date) -> str:
    return f"OK, no standup for you on {day_name(day)}."


def skip_usage() -> str:
    return "Usage: `/pm standup skip today`"


def not_set_up() -> str:
    return "The standup is not set up on this pmbot (it needs `standup.channel` or `channels.standup`)."


def not_in_people() -> str:
    return ("You are not in pmbot's team config, so there is no standup for you. "
            "Ask a lead to add your Slack id under `people`.")


def not_a_member(squad: str | None = None) -> str:
    if squad:
        return f"You are not a member of the {squad} standup, so there is nothing to answer."
    return "You are not a member of the standup (`standup.members`), so there is nothing to answer."


def unknown_squad(word: str, squads: Sequence[str]) -> str:
    return f"There is no standup called `{esc(word[:40])}` (standups: {', '.join(squads)})."


def modal_missed() -> str:
    return ("The form could not open in time (Slack allows 3 seconds). Press the button again, reply in the "
            "thread of your standup message, or type `/standup &lt;text&gt;`.")


# -- blockers --------------------------------------------------------------------------------------
def blocker_ref(blocker: Blocker) -> Mrkdwn:
    if not blocker.task_id:
        return Mrkdwn("")
    return Mrkdwn(" ({})").format(link(blocker.task_name or blocker.task_id or "", blocker.task_url))


def escalation_dm(name: str, blocker: Blocker, day: date) -> Mrkdwn:
    return Mrkdwn("Standup: {} has reported the same blocker on consecutive standups ({} → {}): “{}”{}.").format(
        name, day_name(date.fromisoformat(blocker.since)), day_name(day), authored(blocker.text),
        blocker_ref(blocker))


def escalation_comment(name: str, blocker: Blocker, day: date) -> str:
    return (f"{name} reported this task as blocking on consecutive standups since "
            f"{day_name(date.fromisoformat(blocker.since))}: “{blocker.text}” {SIGNATURE}")


# -- the summary -----------------------------------------------------------------------------------
NO_MODEL = "_Summary written without a language model._"
MODEL_FAILED = "_The language model did not answer; this is the plain digest._"


def summary_text(day: date, answered: int, expected: int, blockers: list[tuple[str, Blocker]], body: str,
                 away: dict[str, list[str]], *, so_far: bool = False, squad: str | None = None) -> Mrkdwn:
    """`body` is the digest (Mrkdwn) or a model's summary (plain text, escaped here)."""
    title = f"Standup {squad}" if squad else "Standup"
    head = Mrkdwn("*{} — {}* · {} of {} answered{}").format(title, day_name(day), answered, expected,
                                                         " so far" if so_far else "")
    # The message stays under Slack's 4,000 characters: the blockers and the summary are bounded (each
    # person's whole answer is in the thread).
    lines = [head, Mrkdwn("*Blockers*")]
    lines += [lines_within((Mrkdwn("• {}: {}{}").format(name, truncate(authored(b.text), BLOCKER_CHARS),
                                                         blocker_ref(b)) for name, b in blockers), BLOCKERS_CHARS)
              ] if blockers else [Mrkdwn("• none")]
    lines += [Mrkdwn("*Summary*"), truncate(esc(body or "No answers yet."), BODY_CHARS)]
    absent = [f"{label}: {', '.join(names)}" for label, names in away.items() if names]
    if absent:
        lines.append(Mrkdwn("_{}_").format(" · ".join(absent)))
    if answered and not so_far:
        lines.append(Mrkdwn("Everyone's answers are in the thread."))
    return truncate(Mrkdwn("\n").join(lines), MESSAGE_TEXT)


def summaries_text(parts: Sequence[Mrkdwn]) -> Mrkdwn:
    """Several squads' summaries in one reply (each bounded by `summary_text`, the whole by Slack's limit)."""
    return truncate(Mrkdwn("\n\n").join(parts), MESSAGE_TEXT)


def digest(rows: list[tuple[str, dict[str, str]]], questions: Sequence[Question]) -> Mrkdwn:
    """One line per person who answered: their first two answers (blockers are listed apart), shortened."""
    keys = [q.key for q in questions if q.key != "blockers"][:2]
    joiner = Mrkdwn("; next: " if keys == ["done", "next"] else "; ")
    out = []
    for name, answer in rows:
        said = joiner.join(truncate(authored(part), SUMMARY_LINE) for k in keys
                           if (part := _short(answer.get(k, ""))))
        out.append(Mrkdwn("• {}: {}").format(name, said or "(no details)"))
    return Mrkdwn("\n").join(out)


def _short(text: str) -> str:
    # Cut after `authored` (by `truncate`), so a link or a mention in it is never cut in half.
    return " ".join(line.strip(" •-*") for line in text.splitlines() if line.strip())


def thread_answer(name: str, questions: Sequence[Question], answer: dict[str, str], *, late: bool) -> Mrkdwn:
    head = Mrkdwn("*{}*{}").format(name, " (late)" if late else "")
    return Mrkdwn("\n").join([head, *answer_lines(questions, answer)])


AWAY_LABELS = {"out of office": "Out of office", "holiday": "Public holiday", "skipped": "Skipping today"}

LLM_SYSTEM = ("You summarise a software team's asynchronous standup for its Slack channel. Write 2 to 4 short "
              "sentences: what the team got done and what comes next, grouped by theme, naming people. Do not "
              "list blockers (they are listed separately) and do not mention who did not answer. Plain text.")


def llm_prompt(day: date, rows: list[str]) -> str:
    return f"Standup answers for {day_name(day)}:\n\n" + "\n\n".join(rows)
