"""The embedding model that ships inside a package, used when no OpenAI embeddings are configured
(`auto_answer.local_model`, on by default): WordLlama's `l2_supercat` at 256 dimensions - token embeddings taken
from large language models, averaged over a text's tokens. Its weights (16 MB) and tokenizer are files of the
`wordllama` wheel; nothing is downloaded. Loaded once per process, on first use, off the event loop."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODEL = "wordllama-l2_supercat-256"  # the name vectors are stored under in `search_vectors`
BATCH = 256  # passages embedded per call: a fraction of a second of CPU
# The nearest passages are scanned on the vectors' first 128 dimensions (the model is trained Matryoshka-style
# for truncation), the best few re-ranked on all 256: half the scan (bot/storage/vector_cache.py).
SEARCH_DIMS = 128


@functools.cache
def model() -> Any:
    """The loaded model (WordLlamaInference), shared by the whole process."""
    # Imported here: a deployment that turns the model off never pays for it. wordllama calls
    # logging.basicConfig(level=INFO) on import, which would turn on every INFO line of a process whose logging is
    # not set up yet (a CLI command, a benchmark): the root logger is put back as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)

    # WordLlama.load() looks for the tokenizer in <package>/tokenizer/ while the wheel ships it in
    # <package>/tokenizers/, so a plain load() downloads it. The package folder as cache holds both files, and
    # disable_download turns a missing file into an error instead of a download.
    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length vectors of `texts`, one row each (blocking: call it off the event loop)."""
    if not texts:
        return np.empty((0, 256), np.float32)
    # A text with no tokens pools to zeros, and normalising zeros gives NaN: such a text is near nothing.
    return np.nan_to_num(np.asarray(model().embed(list(texts), norm=True), dtype=np.float32))


class LocalEmbedder:
    """`Embedder` over the packaged model; `model` names must be MODEL."""

    async def embed(self, texts: Sequence[str], model: str) -> list[list[float]]:
        if model != MODEL:
            raise ValueError(f"the local embedder has only {MODEL}, not {model}")
        return (await asyncio.to_thread(vectors, texts)).tolist()  # type: ignore[no-any-return]
