"""The auto-answerer's section of the team YAML (`auto_answer:`): sources, channels, confidence, owners."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agents.auto_answer.local_model import BATCH as LOCAL_BATCH
from agents.auto_answer.local_model import MODEL as LOCAL_MODEL
from agents.auto_answer.reader import installed as reader_installed
from agents.auto_answer.reader import switched_off as reader_switched_off
from agents.base import AgentConfig

Mode = Literal["questions", "mention", "confident_only"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The tracker each tracker source reads, by kind (ctx.platforms["tracker"]).
TRACKER_KINDS = {"clickup_list": "clickup", "jira_project": "jira"}


class SourceConfig(_Strict):
    """Where passages come from: a folder of Markdown / text files, a ClickUp list's or a Jira project's tasks,
    files of a repository."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    kind: Literal["folder", "clickup_list", "jira_project", "github_repo"]
    path: str | None = None  # folder, relative to the team YAML's folder
    list: str | None = None  # clickup_list
    project: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9_]{0,9}$")  # jira_project: the project key
    repo: str | None = None  # github_repo, owner/name
    paths: tuple[str, ...] = ("README.md", "docs/")  # github_repo: files and folders to read
    url: str | None = None  # folder: a web address the files are published under, for links in citations
    visible_to: tuple[str, ...] = ()  # people's names, chat ids or roles who may see it; empty: everyone

    @field_validator("list", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _kind_fields(self) -> SourceConfig:
        needed = {"folder": "path", "clickup_list": "list", "jira_project": "project", "github_repo": "repo"}[self.kind]
        if not getattr(self, needed):
            raise ValueError(f"a {self.kind} source needs `{needed}`")
        for other in ("path", "list", "project", "repo"):
            if other != needed and getattr(self, other):
                raise ValueError(f"`{other}` does not apply to a {self.kind} source")
        if self.repo and self.repo.count("/") != 1:
            raise ValueError(f"repo must be owner/name, got {self.repo!r}")
        return self

    @property
    def tracker_list(self) -> str | None:
        """The tracker list a tracker source reads (a ClickUp list id, a Jira project key); None for others."""
        return self.list or self.project


class ChannelConfig(_Strict):
    """How pmbot behaves in one channel: answer every question, only when mentioned, or only when sure."""

    mode: Mode = "questions"
    sources: tuple[str, ...] = ()
    live: bool = True  # questions about the current state of tasks and pull requests
    # Everyone in this channel may see its sources: a source with `visible_to` answers here (for an asker it names).
    # Otherwise a channel answers only from sources without `visible_to`: everyone in it reads the answer.
    private: bool = False


class EmbeddingsConfig(_Strict):
    """Optional embeddings through the OpenAI-compatible endpoint the model uses (OPENAI_API_KEY,
    OPENAI_BASE_URL): each passage gets a vector, and a question's nearest passages join the full-text ones."""

    model: str = Field(min_length=1)  # e.g. text-embedding-3-small
    batch: int = Field(default=64, ge=1, le=2048)  # passages per /embeddings request
    candidates: int = Field(default=20, ge=1, le=200)  # nearest passages fused with the full-text ranking


class ReaderConfig(_Strict):
    """A small local language model that reads the best passage and says whether it states the answer; without a
    model endpoint, an answer the confidence allows is declined when the reader's score is at or below `threshold`
    (agents/auto_answer/reader.py). `enabled: auto` reads when llama-cpp-python and the packaged model are
    installed (`make reader`)."""

    enabled: bool | Literal["auto"] = "auto"
    # log P(Yes) - log P(No) at or below which the reader vetoes an answer (chosen on the evaluation's dev halves)
    threshold: float = Field(default=-0.75, ge=-20.0, le=20.0)
    model: str | None = None  # a GGUF file instead of the packaged Gemma 3 270M
    threads: int = Field(default=2, ge=1, le=64)

    @model_validator(mode="after")
    def _installed(self) -> ReaderConfig:
        if self.enabled is True and not reader_installed(packaged=self.model is None):
            raise ValueError("reader.enabled is true but llama-cpp-python" + (" and the packaged model are" if
                             self.model is None else " is") + " not installed: run `make reader`, or set "
                             "reader.enabled to auto or false")
        return self

    def active(self) -> bool:
        """Whether questions are read in this process (PMBOT_READER=off turns every reader off)."""
        if self.enabled is False or reader_switched_off():
            return False
        return self.enabled is True or reader_installed(packaged=self.model is None)


class AutoAnswerConfig(AgentConfig):
    """Cited answers from the team's documents and from live project state."""

    sources: tuple[SourceConfig, ...] = ()
    channels: dict[str, ChannelConfig] = Field(default_factory=dict)
    min_confidence: float = Field(default=0.35, ge=0.0, le=1.0)
    owners: tuple[str, ...] = ()  # chat ids that "Ask a human" mentions
    projects: dict[str, str] = Field(default_factory=dict)  # a name people use → tracker list id
    repos: tuple[str, ...] = ()  # repositories for pull-request questions (github_repo sources count too)
    done_statuses: tuple[str, ...] = ("done", "closed")
    synonyms: tuple[tuple[str, ...], ...] = ()  # extra groups of words that mean the same to this team
    max_citations: int = Field(default=3, ge=1, le=10)
    live: bool = True  # for `/ask` and DMs
    embeddings: EmbeddingsConfig | None = None
    # Without `embeddings`: vectors from the model packaged in `wordllama` (agents/auto_answer/local_model.py);
    # false: full-text search only.
    local_model: bool = True
    reader: ReaderConfig = Field(default_factory=ReaderConfig)

    @field_validator("projects", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _names(self) -> AutoAnswerConfig:
        names = [s.name for s in self.sources]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"two sources are named {twice}")
        for channel, conf in self.channels.items():
            unknown = [s for s in conf.sources if s not in names]
            if unknown:
                raise ValueError(f"channel {channel} names unknown source(s) {unknown} (sources: {names})")
        return self

    def vectors(self) -> EmbeddingsConfig | None:
        """Which embeddings the passages get: the configured OpenAI-compatible model, else the packaged one."""
        if self.embeddings is not None or not self.local_model:
            return self.embeddings
        return EmbeddingsConfig(model=LOCAL_MODEL, batch=LOCAL_BATCH)

    def source(self, name: str) -> SourceConfig | None:
        return next((s for s in self.sources if s.name == name), None)

    def all_repos(self) -> list[str]:
        return list(dict.fromkeys([*self.repos, *(s.repo for s in self.sources if s.repo)]))
