"""What an index records of how it was built (its `meta` table), read once into a typed record."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.bm25 import BM25Params


@dataclass(frozen=True)
class IndexMeta:
    """The `meta` table of one index; the keys a build always writes are required, later ones have defaults.

    Read by `IndexMeta.from_rows`, which raises KeyError, ValueError or TypeError on a missing or bad
    required key (IndexStore.open turns those into IndexInvalid).
    """

    schema_version: int
    analyzer_version: str
    bm25: BM25Params
    n_docs: int
    avgdl: float
    mean_idf: float
    package_version: str = ""
    built_at: str = ""                    # ISO 8601, UTC
    tf_dtype: str = "uint16"
    frequent_terms: tuple[str, ...] = ()  # the terms a searcher sums as dense arrays
    content_sha256: str | None = None     # None: built by a kommunebot that did not record it
    grams_sha256: str | None = None       # of the character 4-gram arrays; None: the index has none
    corpus_hash: str = ""
    corpus_signature: str | None = None   # names and sizes of the corpus's files, to notice a change
    corpus_dir: str | None = None         # the resolved corpus folder; None when not recorded
    source_origins: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # where each field came from
    semantic: str = "off"                 # "on", "partial" (the marked sources') or "off"
    semantic_why: str = ""                # why it is off or partial, as the build found ("" where not recorded)
    embedding_model: str = ""             # "" for a lexical index
    embedding_dim: int = 0
    sparse_k: int = 0                     # latents of each unit's sparse vector stored after its dense one; 0: none
    semantic_chunks: int = 0              # chunks with vectors
    semantic_vectors: int = 0             # their whole-text and sentence vectors
    packs: Mapping[str, str] = field(default_factory=dict)  # the source packs indexed: name -> their files' signature
    written_questions: int = 0            # questions written for passages (questions.tsv) indexed with them
    written_passages: int = 0             # the passages they were written for
    unread: tuple[str, ...] = ()          # what the build could not use: files it could not read ("name: why") and
    #                                       sources.toml's errors
    manifest_errors: tuple[str, ...] = ()  # those of `unread` that are sources.toml's (a bad entry, key or table)

    @classmethod
    def from_rows(cls, rows: Mapping[str, str]) -> IndexMeta:
        """The record of the table's (key, value) rows; unknown keys are ignored."""
        return cls(
            schema_version=int(rows["schema_version"]), analyzer_version=rows["analyzer_version"],
            bm25=BM25Params(**json.loads(rows["bm25"])), n_docs=int(rows["n_docs"]),
            avgdl=float(rows["avgdl"]), mean_idf=float(rows["mean_idf"]),
            package_version=rows.get("package_version", ""), built_at=rows.get("built_at", ""),
            tf_dtype=rows.get("tf_dtype", "uint16"),
            frequent_terms=tuple(json.loads(rows.get("frequent_terms", "[]"))),
            content_sha256=rows.get("content_sha256"), grams_sha256=rows.get("grams_sha256"),
            corpus_hash=rows.get("corpus_hash", ""),
            corpus_signature=rows.get("corpus_signature"), corpus_dir=rows.get("corpus_dir"),
            source_origins=json.loads(rows.get("source_origins", "{}")),
            semantic=rows.get("semantic", "off"), semantic_why=rows.get("semantic_why", ""),
            embedding_model=rows.get("embedding_model", ""),
            embedding_dim=int(rows.get("embedding_dim", "0") or 0),
            sparse_k=int(rows.get("sparse_k", "0") or 0),
            semantic_chunks=int(rows.get("semantic_chunks", "0") or 0),
            semantic_vectors=int(rows.get("semantic_vectors", "0") or 0),
            packs=json.loads(rows.get("packs", "{}")),
            written_questions=int(rows.get("written_questions", "0") or 0),
            written_passages=int(rows.get("written_passages", "0") or 0),
            unread=tuple(json.loads(rows.get("unread", "[]"))),
            manifest_errors=tuple(json.loads(rows.get("manifest_errors", "[]"))),
        )
