"""The passage index behind `ctx.search`: SQLite FTS5 ranked by bm25 on the embedded default, a GIN-indexed
tsvector ranked by ts_rank on PostgreSQL (migrations 0002_search, 0005_search_terms); optional embedding vectors
per passage in `search_vectors` (0006_search_vectors), searched through bot/storage/vector_cache.py; answer
feedback in `search_votes`. Word counts come from FTS5's vocabulary on SQLite, from `search_terms` (kept here)
on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    and_,
    bindparam,
    delete,
    select,
)
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import insert as pg_insert

from agents.common.search import Document, Hit, TermStats
from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.sql import Sql, Tx
from bot.storage.tables import Id, UTCDateTime
from bot.storage.vector_cache import VectorCache

_TERM = re.compile(r"^[a-z0-9]{1,64}$")
MAX_TERMS = 64
COUNT_TTL = 30.0  # seconds the passage total is reused for weighting (it moves slowly; counting costs a scan)
TITLE_WEIGHT = 4.0  # a word in a heading or file name says more about a passage than one in its text

metadata = MetaData()
documents = Table(
    "search_documents", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source", String(64), nullable=False),
    Column("ref", String(512), nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text),
    Column("digest", String(64), nullable=False),
    Column("indexed_at", UTCDateTime, nullable=False),
)
passages = Table(
    "search_passages", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("document_id", Id, nullable=False),
    Column("source", String(64), nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("title_terms", Text, nullable=False),
    Column("terms", Text, nullable=False),
)
terms_table = Table(
    "search_terms", metadata,
    Column("term", String(64), primary_key=True),
    Column("passages", Integer, nullable=False),
)
vectors = Table(
    "search_vectors", metadata,
    Column("passage_id", Id, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("model", String(128), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)
votes = Table(
    "search_votes", metadata,
    Column("answer", String(64), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("vote", SmallInteger, nullable=False),
    Column("sources", Text, nullable=False),
    Column("clicked_at", Float, nullable=False),
)

_SELECT = ("p.id, p.source, d.ref, d.url, p.position, p.title, p.text, p.title_terms, p.terms")
# The best `wide` passages by bm25 first, from the full-text index alone; only those rows are then read,
# filtered by source and joined. When the filter leaves fewer than `limit` out of a full `wide`, the exact
# query (filter before ranking) runs instead, so a channel limited to rare sources still gets its best ones.
_SQLITE_TOP = (
    f"SELECT {_SELECT}, top.rank FROM (SELECT rowid AS id, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS rank "
    "FROM search_fts WHERE search_fts MATCH :query ORDER BY rank DESC LIMIT :wide) top "
    "JOIN search_passages p ON p.id = top.id JOIN search_documents d ON d.id = p.document_id "
    "WHERE p.source IN :sources ORDER BY top.rank DESC LIMIT :limit"
)
_SQLITE_SEARCH = (
    f"SELECT {_SELECT}, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS rank FROM search_fts "
    "JOIN search_passages p ON p.id = search_fts.rowid JOIN search_documents d ON d.id = p.document_id "
    "WHERE search_fts MATCH :query AND p.source IN :sources ORDER BY rank DESC LIMIT :limit"
)
WIDEN = 4
BATCH_REFS = 500  # documents looked up by ref per query (a read by key: in the loop's thread on SQLite)
# Built once: SQLAlchemy then reuses their compiled form instead of compiling the same SQL for every question.
_STATEMENTS = {name: sql(text).bindparams(bindparam("sources", expanding=True))
               for name, text in (("top", _SQLITE_TOP), ("exact", _SQLITE_SEARCH))}
_VOCAB = sql("SELECT term, doc FROM search_vocab WHERE term IN :words").bindparams(bindparam("words", expanding=True))
_MORE = sql("SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :query LIMIT :n)")
_COUNT = sql("SELECT count(*) FROM search_passages")
# Ranked on the passages alone; only the best `limit` rows are then read in full and joined to their document.
_PG_SEARCH = (
    f"SELECT {_SELECT}, top.rank FROM (SELECT s.id, ts_rank(s.tsv, q) AS rank "
    "FROM search_passages s, to_tsquery('simple', :query) q WHERE s.tsv @@ q AND s.source IN :sources "
    "ORDER BY rank DESC LIMIT :limit) top "
    "JOIN search_passages p ON p.id = top.id JOIN search_documents d ON d.id = p.document_id ORDER BY top.rank DESC"
)


_PG_STATEMENT = sql(_PG_SEARCH).bindparams(bindparam("sources", expanding=True))
# The GIN index is the only sensible plan for a full-text match, but before ANALYZE has seen the tsvector
# column the planner guesses thousands of matches for a long OR query and scans the whole table instead.
_PG_INDEX_ONLY = sql("SET LOCAL enable_seqscan = off")
_BY_ID = sql(f"SELECT {_SELECT} FROM search_passages p JOIN search_documents d ON d.id = p.document_id "
             "WHERE p.id IN :ids").bindparams(bindparam("ids", expanding=True))
_PG_TERMS = sql("SELECT term, passages FROM search_terms WHERE term IN :words").bindparams(
    bindparam("words", expanding=True))
_DIGESTS = (select(documents.c.ref, documents.c.digest)
            .where(documents.c.source == bindparam("source"), documents.c.ref.in_(bindparam("refs", expanding=True))))


def embedded_text(title: str, text: str) -> str:
    """What a passage's vector is made from: its headings and its text."""
    return f"{title}\n{text}"


def _digest(title: str, text: str) -> str:
    return hashlib.sha256(embedded_text(title, text).encode()).hexdigest()


def _pack(vector: Sequence[float]) -> bytes:
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return struct.pack(f"<{len(vector)}f", *(v / norm for v in vector))


def _words_of(rows: Iterable[tuple[str, str]]) -> Counter[str]:
    """In how many of these passages (title terms, terms) each word occurs — what the tsvector counts."""
    counted: Counter[str] = Counter()
    for title_terms, terms in rows:
        counted.update({w for w in f"{title_terms} {terms}".split() if _TERM.match(w)})
    return counted


def _terms(terms: Sequence[str]) -> list[str]:
    """Only plain normalised words reach a query (nothing a user typed is ever query syntax)."""
    return list(dict.fromkeys(t for t in terms if _TERM.match(t)))[:MAX_TERMS]


class _FullText:
    """The full-text SQL of one dialect (the part of search where SQLite's FTS5 and PostgreSQL's tsvector really
    differ); run through `db.sql` like every other statement."""

    vocabulary: Any  # (term, passages holding it) for `words`

    async def search(self, sql: Sql, words: list[str], params: dict[str, Any]) -> list[Any]:
        raise NotImplementedError

    async def recount(self, conn: Any, replaced: Any, new: list[tuple[str, str]]) -> None:
        """Inside the caller's transaction, before the passages matching `replaced` give way to `new` (title
        terms, terms): keep the per-word passage counts. SQLite's FTS5 vocabulary table counts by itself."""


class _SqliteText(_FullText):
    vocabulary = _VOCAB

    async def search(self, sql: Sql, words: list[str], params: dict[str, Any]) -> list[Any]:
        """bm25 over the best `wide` matches first; the exact query only when the source filter left too few of
        a full `wide` (one hand-off to the reader thread per query)."""
        params["query"] = " OR ".join(f'"{w}"' for w in words)
        rows = await sql.rows(_STATEMENTS["top"], params, heavy=True)
        if len(rows) < params["limit"] and (await sql.rows(_MORE, {"query": params["query"], "n": params["wide"] + 1},
                                                           heavy=True))[0][0] > params["wide"]:
            rows = await sql.rows(_STATEMENTS["exact"], params, heavy=True)
        return rows


class _PostgresText(_FullText):
    vocabulary = _PG_TERMS

    async def recount(self, conn: Any, replaced: Any, new: list[tuple[str, str]]) -> None:
        """search_terms: in how many passages each word occurs (what the tsvector would count)."""
        old = _words_of(await conn.execute(select(passages.c.title_terms, passages.c.terms).where(replaced)))
        now = _words_of(new)
        # Sorted: concurrent writers lock the rows of shared words in the same order, so they cannot deadlock.
        rows = [{"term": w, "passages": n} for w in sorted(old.keys() | now.keys()) if (n := now[w] - old[w])]
        if rows:
            stmt = pg_insert(terms_table)
            await conn.execute(stmt.on_conflict_do_update(
                index_elements=["term"], set_={"passages": terms_table.c.passages + stmt.excluded.passages}), rows)

    async def search(self, sql: Sql, words: list[str], params: dict[str, Any]) -> list[Any]:
        params["query"] = " | ".join(words)

        def ranked(tx: Tx) -> list[Any]:
            tx.count(_PG_INDEX_ONLY)
            return tx.rows(_PG_STATEMENT, params)

        return await sql.transaction(ranked)


class SqlSearchIndex:
    """`SearchIndex` on pmbot's own database."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._total: tuple[float, int] | None = None
        self._text: _FullText = _PostgresText() if db.is_postgres else _SqliteText()
        self._vectors = VectorCache(db.sql)

    def _insert(self, table: Table) -> Any:
        return self.db.insert(table)

    async def digests(self, source: str, refs: Sequence[str] | None = None) -> dict[str, str]:
        stmt = select(documents.c.ref, documents.c.digest).where(documents.c.source == bindparam("source"))
        if refs is None:
            return dict(await self.db.sql.rows(stmt, {"source": source}, heavy=True))
        found: dict[str, str] = {}
        for start in range(0, len(refs), BATCH_REFS):
            chunk = list(refs[start:start + BATCH_REFS])
            found.update(await self.db.sql.rows(_DIGESTS, {"source": source, "refs": chunk}))
        return found

    async def replace(self, document: Document) -> None:
        values = {"source": document.source, "ref": document.ref, "title": document.title, "url": document.url,
                  "digest": document.digest, "indexed_at": self.clock.now()}
        upsert = self._insert(documents).values(values)
        upsert = upsert.on_conflict_do_update(
            index_elements=["source", "ref"],
            set_={k: upsert.excluded[k] for k in ("title", "url", "digest", "indexed_at")},
        ).returning(documents.c.id)
        async with self.db.begin() as conn:
            doc_id = (await conn.execute(upsert)).scalar_one()
            await self._text.recount(conn, passages.c.document_id == doc_id,
                                     [(p.title_terms, p.terms) for p in document.passages])
            old_ids = select(passages.c.id).where(passages.c.document_id == doc_id)
            kept = {r.digest: r for r in await conn.execute(
                select(vectors.c.digest, vectors.c.model, vectors.c.vector).where(vectors.c.passage_id.in_(old_ids)))}
            if kept:
                await conn.execute(delete(vectors).where(vectors.c.passage_id.in_(old_ids)))
            await conn.execute(delete(passages).where(passages.c.document_id == doc_id))
            rows = [{"document_id": doc_id, "source": document.source, "position": p.position, "title": p.title,
                     "text": p.text, "title_terms": p.title_terms, "terms": p.terms} for p in document.passages]
            if rows:
                await conn.execute(passages.insert(), rows)
            if kept:  # a passage whose text did not change keeps its vector: no embedding call for it
                new = await conn.execute(select(passages.c.id, passages.c.title, passages.c.text)
                                         .where(passages.c.document_id == doc_id))
                carried = [{"passage_id": r.id, "source": document.source, "model": kept[d].model, "digest": d,
                            "vector": kept[d].vector} for r in new if (d := _digest(r.title, r.text)) in kept]
                if carried:
                    await conn.execute(vectors.insert(), carried)
        self._total = None
        self._vectors.touch()

    async def remove(self, source: str, refs: Sequence[str] | None = None) -> int:
        # Looked up first: a tracker event about a task that was never indexed (most of them) takes no write lock.
        query = select(documents.c.id).where(documents.c.source == source)
        if refs is not None:
            query = query.where(documents.c.ref.in_(list(refs)))
        ids = [row[0] for row in await self.db.sql.rows(query, heavy=refs is None or len(refs) > BATCH_REFS)]
        if not ids:
            return 0
        async with self.db.begin() as conn:
            await self._text.recount(conn, passages.c.document_id.in_(ids), [])
            gone_ids = select(passages.c.id).where(passages.c.document_id.in_(ids))
            await conn.execute(delete(vectors).where(vectors.c.passage_id.in_(gone_ids)))
            # Passages first: on SQLite their delete trigger keeps the FTS index in step.
            await conn.execute(delete(passages).where(passages.c.document_id.in_(ids)))
            removed = await conn.execute(delete(documents).where(documents.c.id.in_(ids)))
        self._total = None
        self._vectors.touch()
        return int(removed.rowcount or 0)

    async def search(self, terms: Sequence[str], sources: Sequence[str], limit: int) -> list[Hit]:
        words = _terms(terms)
        if not words or not sources:
            return []
        params = {"sources": list(sources), "limit": limit, "wide": limit * WIDEN}
        rows = await self._text.search(self.db.sql, words, params)
        return [Hit(int(r[0]), r[1], r[2], r[3], int(r[4]), r[5], r[6], r[7], r[8], float(r[9])) for r in rows]

    async def term_stats(self, terms: Sequence[str]) -> TermStats:
        words = _terms(terms)
        total = self._recent_total()
        if total is None:
            total = self._keep_total((await self.db.sql.rows(_COUNT))[0][0])
        found = dict(await self.db.sql.rows(self._text.vocabulary, {"words": words})) if words else {}
        return TermStats(total, {w: int(found.get(w, 0)) for w in words})

    def _recent_total(self) -> int | None:
        """The passage count if read less than COUNT_TTL ago."""
        if self._total is not None and time.monotonic() - self._total[0] <= COUNT_TTL:
            return self._total[1]
        return None

    def _keep_total(self, count: Any) -> int:
        self._total = (time.monotonic(), int(count))
        return self._total[1]

    async def unembedded(self, model: str, sources: Sequence[str], limit: int) -> list[tuple[int, str]]:
        """Passages of `sources` with no vector from `model` yet: (id, text to embed), oldest first."""
        stmt = (select(passages.c.id, passages.c.title, passages.c.text)
                .select_from(passages.outerjoin(vectors, and_(vectors.c.passage_id == passages.c.id,
                                                              vectors.c.model == model)))
                .where(passages.c.source.in_(list(sources)), vectors.c.passage_id.is_(None))
                .order_by(passages.c.id).limit(limit))
        async with self.db.connect() as conn:
            return [(int(r.id), embedded_text(r.title, r.text)) for r in await conn.execute(stmt)]

    async def store_vectors(self, model: str, rows: Sequence[tuple[int, Sequence[float]]]) -> int:
        """Store `model`'s vector of each passage id (a passage gone meanwhile is skipped); how many stored."""
        if not rows:
            return 0
        given = {pid: vector for pid, vector in rows}
        async with self.db.begin() as conn:
            found = list(await conn.execute(select(passages.c.id, passages.c.source, passages.c.title,
                                                   passages.c.text).where(passages.c.id.in_(list(given)))))
            values = [{"passage_id": r.id, "source": r.source, "model": model, "digest": _digest(r.title, r.text),
                       "vector": _pack(given[r.id])} for r in found]
            if values:
                stmt = self._insert(vectors)
                await conn.execute(stmt.on_conflict_do_update(
                    index_elements=["passage_id"],
                    set_={k: stmt.excluded[k] for k in ("source", "model", "digest", "vector")}), values)
        self._vectors.touch()
        return len(values)

    async def nearest(self, model: str, vector: Sequence[float], sources: Sequence[str], limit: int,
                      scan: int | None = None) -> list[Hit]:
        """The `limit` passages of `sources` whose `model` vectors are closest to `vector` (cosine), best first;
        `rank` is the cosine similarity. Scored in numpy over this process's copy of the vectors
        (bot/storage/vector_cache.py), which is brought up to date first; `scan`: compared on the leading `scan`
        dimensions first, the best re-ranked on all."""
        if not sources or limit <= 0:
            return []
        best = await self._vectors.nearest(model, vector, sources, limit, scan)
        if not best:
            return []
        # Rows by primary key: read in this thread on a SQLite file, no engine connection.
        rows = {int(r[0]): r for r in await self.db.sql.rows(_BY_ID, {"ids": [i for _, i in best]})}
        return [Hit(int(r[0]), r[1], r[2], r[3], int(r[4]), r[5], r[6], r[7], r[8], cos)
                for cos, pid in best if (r := rows.get(pid)) is not None]

    async def counts(self) -> dict[str, tuple[int, int]]:
        stmt = sql("SELECT d.source, count(DISTINCT d.id) AS docs, count(p.id) AS n FROM search_documents d "
                   "LEFT JOIN search_passages p ON p.document_id = d.id GROUP BY d.source ORDER BY d.source")
        async with self.db.connect() as conn:
            return {r.source: (int(r.docs), int(r.n)) for r in await conn.execute(stmt)}

    async def vote(self, answer: str, user: str, vote: int, sources: Sequence[str], at: float) -> bool:
        values = {"answer": answer, "user_id": user, "vote": 1 if vote > 0 else -1,
                  "sources": json.dumps(list(sources)), "clicked_at": at}
        stmt = self._insert(votes).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["answer", "user_id"],
            set_={k: stmt.excluded[k] for k in ("vote", "sources", "clicked_at")},
            where=votes.c.clicked_at <= stmt.excluded.clicked_at,  # a click processed late does not win
        )
        async with self.db.begin() as conn:
            result = await conn.execute(stmt)
        return bool(result.rowcount)

    async def votes(self, answer: str | None = None) -> dict[str, tuple[int, int]]:
        stmt = select(votes.c.vote, votes.c.sources)
        if answer is not None:
            stmt = stmt.where(votes.c.answer == answer)
        async with self.db.connect() as conn:
            rows = list(await conn.execute(stmt))
        counted: dict[str, list[int]] = {}
        for vote, sources in rows:
            for key in [""] if answer is not None else json.loads(sources):
                pair = counted.setdefault(key, [0, 0])
                pair[0 if vote > 0 else 1] += 1
        return {k: (up, down) for k, (up, down) in sorted(counted.items())}
