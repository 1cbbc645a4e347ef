"""What the answerer refuses and what it never lets out.

Defence in depth, none of it relying on a model behaving: a channel's search is limited to its sources in the
query itself; the model sees only the question and the passages found (never configuration, tokens or other
channels' sources); requests for configuration or credentials are refused before any search; passages that
talk to an assistant are dropped; and every outgoing text has secret-shaped strings redacted and any link
that is not one of its citations removed.
"""

from __future__ import annotations

import re
from collections.abc import Collection

REDACTED = "[redacted]"

_REFUSE = [re.compile(p, re.I) for p in (
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|all|your|the|these|any)\b"
    r".{0,20}\b(instructions?|rules|prompts?|guidelines|directions)\b",
    r"\b(system|hidden|initial|original)\s+(prompt|instructions?|message)\b",
    r"\b(developer|debug|god|admin|jailbreak|dan)\s+mode\b",
    r"\byou\s+are\s+now\b|\bpretend\s+(to\s+be|you\s+are)\b|\bact\s+as\s+(an?\s+)?(admin|root|developer|system)",
    r"\b(reveal|print|show|display|tell|give|list|dump|leak|output|repeat|share|send|paste|what\s+(is|are))\b"
    r".{0,40}\b(your|pmbot'?s?|the\s+bot'?s?|bot|its|this\s+bot'?s?)\b.{0,30}"
    r"\b(config\w*|settings|tokens?|secrets?|credentials?|api\s*keys?|passwords?|prompts?|"
    r"instructions|environment|env\s*vars?|variables|yaml)\b",
    r"\b[A-Z][A-Z0-9_]*_(TOKEN|SECRET|KEY|PASSWORD|URL|CONFIG)\b",
    r"\bpmbot[_ ](config|yaml|database_url|agents)\b|\.env\b|pmbot\.ya?ml",
    r"\b(which|what|list|all|every|show)\b.{0,30}\b(sources|channels|knowledge\s+bases?)\b.{0,40}"
    r"\b(configured|connected|have\s+access|can\s+you\s+(see|read|access)|indexed|do\s+you\s+(have|use))\b",
    r"\b(other|another|private|different)\s+(channels?|teams?)'?s?\b.{0,40}\b(sources|documents|docs|files|"
    r"answers?|questions|knowledge)\b",
    r"\b(sources|documents|docs|files)\s+(of|from|for|in)\s+(other|another|private|different)\s+channels?\b",
)]

_INJECTION = [re.compile(p, re.I) for p in (
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|all|your|the)\b.{0,20}"
    r"\b(instructions?|rules|prompts?)\b",
    r"\b(assistant|ai|bot|chatbot|language\s+model|llm|pmbot)\s*[,:]?\s*(must|should|shall|will)\s+now\b",
    r"\b(system|hidden)\s+prompt\b",
    r"\b(reveal|print|post|send|leak|output)\b.{0,40}\b(token|secret|credential|api\s*key|config\w*)\b"
    r".{0,40}\b(to|in|into)\b",
)]

# Every injection pattern needs one of these; checking for them first keeps the patterns off ordinary text.
_INJECTION_WORDS = ("ignore", "disregard", "forget", "override", " now", "prompt", "token", "secret", "credential",
                    "api key", "apikey", "config")

_SECRETS = re.compile("|".join((
    r"xox[abposr]-[A-Za-z0-9-]{6,}",  # Slack tokens
    r"xapp-[A-Za-z0-9-]{6,}",
    r"gh[pousr]_[A-Za-z0-9_]{8,}",  # GitHub tokens
    r"github_pat_[A-Za-z0-9_]{10,}",
    r"sk-[A-Za-z0-9_-]{6,}",  # OpenAI-style keys
    r"pk_[A-Za-z0-9_]{6,}",  # ClickUp personal tokens
    r"AKIA[0-9A-Z]{12,}",  # AWS access keys
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
    r"(?i:\b(?:password|passwd|secret|api[_ -]?key|token)\s*[:=]\s*\S{6,})",
)))

_SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")
_BARE_URL = re.compile(r"(?<![<|])\bhttps?://[^\s<>|]+")


def refusal(question: str) -> bool:
    """A request for pmbot's configuration, credentials, prompt, or other channels' sources."""
    return any(p.search(question) for p in _REFUSE)


def looks_like_injection(text: str) -> bool:
    """A passage written to steer an assistant rather than to inform a person."""
    lowered = text.lower()
    return any(w in lowered for w in _INJECTION_WORDS) and any(p.search(text) for p in _INJECTION)


def without_injections(text: str) -> str:
    """The text without its sentences that address an assistant (a document is evidence, not instructions)."""
    if not looks_like_injection(text):
        return text
    kept = [s for s in re.split(r"(?<=[.!?])\s+", text) if not looks_like_injection(s)]
    return " ".join(kept).strip()


def redact(text: str) -> str:
    return _SECRETS.sub(REDACTED, text)


def keep_links(text: str, allowed: Collection[str]) -> str:
    """Links that are not among `allowed` lose their address (a Slack link keeps its label)."""
    allowed_set = {a.rstrip("/") for a in allowed}

    def slack(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        return match.group(0) if url.rstrip("/") in allowed_set else (label or "[link removed]")

    def bare(match: re.Match[str]) -> str:
        url = match.group(0).rstrip(".,;:)")
        tail = match.group(0)[len(url):]
        return (url if url.rstrip("/") in allowed_set else "[link removed]") + tail

    return _BARE_URL.sub(bare, _SLACK_LINK.sub(slack, text))


def outgoing(text: str, allowed_links: Collection[str]) -> str:
    """Everything pmbot posts passes here: no secret-shaped string, no link it cannot cite."""
    return keep_links(redact(text), allowed_links)
