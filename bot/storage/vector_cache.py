"""Nearest passages by embedding, scored in numpy over a copy of `search_vectors` kept in this process.

Why not in the database: the project's CPython is built without loadable SQLite extensions
(`sqlite3.Connection.enable_load_extension` is missing), so `sqlite-vec` cannot be loaded through aiosqlite, and
the PostgreSQL server has no pgvector. Reading every vector per question costs far more than scoring it: over
100,000 passages of 256 dimensions (100 MB of blobs), a read is hundreds of milliseconds, one matrix product a
few (bench/retrieval.py --vectors). So each process keeps the vectors of a model as one float32 matrix.
Before every search it reads the table's highest passage id (the primary key's last entry: microseconds) and
reads the rows above the last one it holds - new passages get higher ids. Counting a model's rows costs ~13 ms
at 100,000, so that check, which finds removed vectors and vectors stored late for older passages, runs after
this process wrote (`touch`) and otherwise at most every RECOUNT seconds. Until then a passage another replica
removed is dropped when its row is read (the index joins the passages it returns), and one it embedded late is
not yet among the nearest.

`scan`: for a Matryoshka-trained model (the packaged WordLlama), every row is first compared on its leading
`scan` dimensions, renormalised - half the work at 128 of 256 - and the best SHORTLIST x `limit` are then
ranked on all their dimensions, so the order is the full vectors' order whenever the truncated scan keeps the
true nearest in its shortlist. The scanned copy is float32 (numpy multiplies float16 or int8 without BLAS: 5x
slower at 100,000 x 128, BENCHMARKS.md); the full rows for the re-ranking are kept as float16 - the same memory
as one float32 copy of all dimensions.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import bindparam
from sqlalchemy import text as sql

from bot.storage.sql import Sql

RECOUNT = 30.0  # seconds between counts of a model's rows when this process did not write
SHORTLIST = 4  # rows per wanted neighbour re-ranked on all dimensions after a truncated scan
_LAST = sql("SELECT coalesce(max(passage_id), 0) FROM search_vectors")
_COUNT = sql("SELECT count(*) FROM search_vectors WHERE model = :model")
_AFTER = sql("SELECT passage_id, source, vector FROM search_vectors WHERE model = :model AND passage_id > :after")
_IDS = sql("SELECT passage_id FROM search_vectors WHERE model = :model AND passage_id <= :upto")
_SOME = sql("SELECT passage_id, source, vector FROM search_vectors WHERE model = :model AND passage_id IN :ids"
            ).bindparams(bindparam("ids", expanding=True))


@dataclass
class _Matrix:
    """One model's vectors: row i is passage `ids[i]` of source `sources[i]` (an index into `names`); `vectors`
    holds the leading `scan` dimensions (all when None) at unit length, `full` all of them when truncated."""

    scan: int | None
    ids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    sources: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    vectors: np.ndarray | None = None
    full: np.ndarray | None = None
    names: dict[str, int] = field(default_factory=dict)
    last: int = 0  # the highest passage id of the table when it was read
    counted: float = -RECOUNT  # time.monotonic() of the last count

    def append(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        new = np.stack([np.frombuffer(r[2], dtype="<f4") for r in rows])
        self.ids = np.concatenate([self.ids, np.fromiter((int(r[0]) for r in rows), np.int64, len(rows))])
        codes = [self.names.setdefault(r[1], len(self.names)) for r in rows]
        self.sources = np.concatenate([self.sources, np.asarray(codes, np.int32)])
        if self.scan is not None and self.scan < new.shape[1]:
            full = new.astype(np.float16)
            self.full = full if self.full is None else np.concatenate([self.full, full])
            new = _unit(new[:, :self.scan])
        self.vectors = new if self.vectors is None else np.concatenate([self.vectors, new])

    def keep(self, present: np.ndarray) -> None:
        mask = np.isin(self.ids, present)
        self.ids, self.sources = self.ids[mask], self.sources[mask]
        if self.vectors is not None:
            self.vectors = self.vectors[mask]
        if self.full is not None:
            self.full = self.full[mask]

    def nearest(self, query: np.ndarray, sources: Sequence[str], limit: int) -> list[tuple[float, int]]:
        codes = [self.names[s] for s in sources if s in self.names]
        if self.vectors is None or not codes or limit <= 0:
            return []
        truncated = self.full is not None and self.vectors.shape[1] < len(query)
        scores = self.vectors @ (_unit(query[None, :self.vectors.shape[1]])[0] if truncated else query)
        if len(codes) < len(self.names):
            allowed = np.zeros(len(self.names), bool)
            allowed[codes] = True
            scores[~allowed[self.sources]] = -np.inf  # a table lookup per row: np.isin sorts, 20x slower
        top = _best(scores, limit * SHORTLIST if truncated else limit)
        if truncated:
            assert self.full is not None
            top = top[np.isfinite(scores[top])]
            scores = np.full(len(scores), -np.inf, np.float32)
            scores[top] = self.full[top].astype(np.float32) @ query
            top = _best(scores, limit)
        return [(float(scores[i]), int(self.ids[i])) for i in top if np.isfinite(scores[i])]


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` highest scores, highest first (argpartition: no full sort)."""
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top], kind="stable")]


class VectorCache:
    """Per model, the vectors of `search_vectors` in memory, brought up to date before each search."""

    def __init__(self, sql: Sql) -> None:
        # The highest passage id is read by key (in this thread on a SQLite file); the bulk reads of vectors are
        # heavy reads (on the reader thread on a SQLite file).
        self._sql = sql
        self._models: dict[tuple[str, int | None], _Matrix] = {}
        self._lock = asyncio.Lock()

    def touch(self) -> None:
        """This process wrote passages or vectors: count again before the next search."""
        for matrix in self._models.values():
            matrix.counted = -RECOUNT

    async def nearest(self, model: str, vector: Sequence[float], sources: Sequence[str], limit: int,
                      scan: int | None = None) -> list[tuple[float, int]]:
        """(cosine, passage id) of the `limit` closest passages of `sources`, best first; `scan`: first compared
        on the leading `scan` dimensions (see the module's docstring)."""
        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query)) or 1.0
        async with self._lock:
            matrix = await self._sync(model, scan)
        return matrix.nearest(query / norm, sources, limit)

    async def _sync(self, model: str, scan: int | None) -> _Matrix:
        matrix = self._models.setdefault((model, scan), _Matrix(scan))
        last = int((await self._sql.rows(_LAST))[0][0])
        if last <= matrix.last and time.monotonic() - matrix.counted < RECOUNT:
            return matrix
        rows = self._sql.rows
        added = await rows(_AFTER, {"model": model, "after": matrix.last}, heavy=True) if last > matrix.last else []
        if time.monotonic() - matrix.counted >= RECOUNT:
            count = int((await rows(_COUNT, {"model": model}, heavy=True))[0][0])
            if len(matrix.ids) + len(added) != count:  # removed, or stored late below the last id: reconcile
                held = {int(r[0]) for r in await rows(_IDS, {"model": model, "upto": matrix.last}, heavy=True)}
                matrix.keep(np.fromiter(held, np.int64, len(held)))
                missing = sorted(held - set(matrix.ids.tolist()))
                if missing:
                    added = await rows(_SOME, {"model": model, "ids": missing}, heavy=True) + added
            matrix.counted = time.monotonic()
        matrix.append(added)
        matrix.last = max(last, matrix.last)
        return matrix
        async with self._connect() as conn:
            added = (list(await conn.execute(_AFTER, {"model": model, "after": matrix.last}))
                     if last > matrix.last else [])
            if time.monotonic() - matrix.counted >= RECOUNT:
                count = int((await conn.execute(_COUNT, {"model": model})).scalar_one())
                if len(matrix.ids) + len(added) != count:  # removed, or stored late below the last id: reconcile
                    held = {int(r[0]) for r in await conn.execute(_IDS, {"model": model, "upto": matrix.last})}
                    matrix.keep(np.fromiter(held, np.int64, len(held)))
                    missing = sorted(held - set(matrix.ids.tolist()))
                    if missing:
                        added = list(await conn.execute(_SOME, {"model": model, "ids": missing})) + added
                matrix.counted = time.monotonic()
            matrix.append(added)
            matrix.last = max(last, matrix.last)
        return matrix
