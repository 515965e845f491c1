"""`kommunebot index build|stats|check` and `kommunebot sources`."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from bot.answer.messages import counted
from bot.cli import cli
from bot.cli.building import run_build
from bot.cli.options import corpus_option, index_option, json_option, settings
from bot.corpus.manifest import safe_url
from bot.errors import IndexInvalid, IndexMissing, KommunebotError, build_hint, naming_index

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.index.store import IndexStore

T = TypeVar("T")


@cli.group(name="index")
def index_group() -> None:
    """Build and inspect the search index.

    \b
    Example:
        kommunebot index build && kommunebot index check
    """


@index_group.command(name="build")
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Re-read every source, even unchanged ones.")
@json_option
def build_cmd(corpus_dir: Path | None, index_path: Path | None, full: bool, as_json: bool) -> None:
    """Build the index from the corpus folder (unchanged sources are reused).

    The new index is written to a temporary file and swapped in atomically, so a running
    bot keeps answering; if the build fails, the previous index stays in service.

    \b
    Example:
        kommunebot index build --corpus corpus --index index/kommunebot.db
    """
    # stopped by Ctrl-C or a service manager's SIGTERM, the build says what is left, as a failed one does: its
    # temporary file goes (the build's own cleanup), the index in service stays (it had said "Aborted!" or nothing)
    previous = signal.signal(signal.SIGTERM, _interrupted) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        s = _as_json_error(as_json, lambda: settings(index_path, corpus_dir))
        _as_json_error(as_json, lambda: run_build(s, full=full, as_json=as_json))
    except KeyboardInterrupt:
        click.echo(f"Stopped: nothing was replaced; the index in service is kept ({s.index_path}). Run "
                   "kommunebot index build again to finish.", err=True)
        sys.exit(130)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _as_json_error(as_json: bool, step: Callable[[], T]) -> T:
    """`step()`; with --json, a build that cannot be made (no corpus folder at --corpus, an index path refused) also
    prints {"error", "fix"} on stdout, so a script reading it gets JSON, before the `Error:` and `Fix:` lines on
    stderr and exit 1 (it had got nothing on stdout)."""
    from bot.cli import NAMED_INDEX
    from bot.errors import OS_HINTS, naming_index, os_error_text

    try:
        return step()
    except (KommunebotError, OSError) as exc:
        if as_json:
            error, hint = (str(exc), exc.hint) if isinstance(exc, KommunebotError) else \
                (os_error_text(exc), OS_HINTS.get(exc.errno or 0, "check the path and try again"))
            named = click.get_current_context().meta.get(NAMED_INDEX)
            click.echo(json.dumps({"error": error, "fix": naming_index(hint, named) if hint else ""},
                                  ensure_ascii=False, indent=2))
        raise


def _interrupted(signum: int, frame: object) -> None:
    """SIGTERM during a build: stopped as by Ctrl-C, so the build's own cleanup runs."""
    raise KeyboardInterrupt


def _open(index_path: Path | None) -> IndexStore:
    """The index named by --index or KOMMUNEBOT_INDEX (else the default one), its pages checked; a missing one's fix
    builds that path, a damaged one is the error `ask` gives (stats had shown its figures and exited 0)."""
    from bot.index.store import IndexStore

    s = settings(index_path)
    try:
        store = IndexStore.open(s.index_path)
    except IndexMissing as exc:
        raise IndexMissing(str(exc), hint=build_hint(s.index_path if s.index_named_by else None)) from None
    try:
        store.check_pages()
    except IndexInvalid:
        store.close()
        raise
    return store


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB"


def index_stats(store: IndexStore, s: Settings) -> dict:
    """What `index stats` shows: paths, counts, what was left out per source and why, how it was built."""
    from dataclasses import asdict

    from bot.corpus.characters import printable
    from bot.corpus.formats import skipped_files
    from bot.index.signatures import corpus_signature, pack_differences, pack_signatures, signature_changes
    from bot.paths import default_paths

    left_out = [{"source": src.id, "title": src.title, "chars": src.secondary_chars,
                 "why": "sharing-site teasers after the content (teaser_marker)"}
                for src in store.sources() if src.secondary_chars]
    meta = store.meta
    corpus = meta.corpus_dir if meta.corpus_dir is not None else str(s.corpus_dir)
    # what `ask` warns of and `index check` fails on: the corpus or the packs changed since the build (stats had shown
    # the index as if it were all there was)
    changes = ""
    if Path(corpus).is_dir() and (now := corpus_signature(Path(corpus))) != (meta.corpus_signature or ""):
        changes = signature_changes(meta.corpus_signature or "", now) or "changed"
    return {
        "index": str(store.path), "size_bytes": store.path.stat().st_size,
        "corpus": corpus, "corpus_changes": changes,
        "packs_differ": pack_differences(meta.packs, pack_signatures(s.packs)),
        "feedback": str(s.feedback_path), "pins": str(s.pins_path), "defaults": default_paths().where,
        **asdict(store.counts()),  # sources, chunks, terms
        "left_out": left_out,
        # whole files left out, as the build and `index check` name them: those the last build could not read (kept
        # in the index), and those of a format no reader exists for (looked up in the corpus now, as check does)
        "unread": [printable(line) for line in meta.unread if line not in meta.manifest_errors],
        # sources.toml's errors (a bad date, an entry naming no file) are the manifest's to mend, not files unread
        "manifest": [printable(line) for line in meta.manifest_errors],
        "skipped": [printable(line) for line in skipped_files(Path(corpus))],
        "packs": sorted(meta.packs), "pack_folders": [str(pack) for pack in s.packs],
        "written_questions": meta.written_questions, "written_passages": meta.written_passages,
        "semantic": meta.semantic, "semantic_why": meta.semantic_why,
        "embedding_model": meta.embedding_model,
        "semantic_chunks": meta.semantic_chunks, "semantic_vectors": meta.semantic_vectors,
        "built_at": meta.built_at, "package_version": meta.package_version,
        "analyzer_version": meta.analyzer_version, "bm25": meta.bm25.to_dict(),
    }


@index_group.command(name="stats")
@index_option
@json_option
def stats_cmd(index_path: Path | None, as_json: bool) -> None:
    """Show what the index holds, where things are, what was left out and how it was built.

    \b
    Example:
        kommunebot index stats --json
    """
    s = settings(index_path)
    store = _open(index_path)
    info = index_stats(store, s)
    info["semantic_serving"] = _semantic_serving(store)
    info["index_named_by"] = _index_named_by(index_path, s.index_path)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    bm25 = ", ".join(f"{k} {v}" for k, v in info["bm25"].items())
    build = naming_index("run kommunebot index build", index_path or (s.index_path if s.index_named_by else None))
    lines = [
        ("Index", f"{info['index']} ({_mib(info['size_bytes'])})"),
        ("Corpus", info["corpus"] + (f" (changed since the index was built: {info['corpus_changes']}; {build})"
                                     if info["corpus_changes"] else "")),
        ("Feedback", info["feedback"]),
        ("Pins", info["pins"]),
        ("Holds", f"{info['sources']:,} sources, {info['chunks']:,} chunks, {info['terms']:,} terms"),
        ("Packs", (", ".join(info["packs"]) or "none")
         + (" (the law pack is left out: KOMMUNEBOT_LAW_PACK=off)" if not info["packs"] + info["pack_folders"] else "")
         + (f" (these settings name other packs: {info['packs_differ']}; {build})" if info["packs_differ"] else "")
         + (f"; a build reads {', '.join(info['pack_folders'])}" if info["pack_folders"] else "")),
        ("Left out", "\n          ".join(
            [f"{x['title']}: {x['chars']:,} characters of {x['why']}" for x in info["left_out"]]
            + [f"unread: {line} (mend or remove it, then build again)" for line in info["unread"]]
            + [f"manifest: {line} (mend sources.toml, then build again)" for line in info["manifest"]]
            + info["skipped"]) or "nothing"),
        ("Questions", f"{info['written_questions']:,} written for {info['written_passages']:,} passages "
                      "(questions.tsv: they find a passage, never shown)" if info["written_questions"] else "none"),
        ("Semantic", info["semantic"] + (f" ({info['semantic_why']})" if info["semantic_why"] else "")
         + (f" ({info['semantic_chunks']} chunks with vectors: "
                                         f"{info['semantic_vectors']} of their whole texts"
                                         + (", sentences and written questions" if info["written_questions"]
                                            else " and sentences")
                                         + f", model {info['embedding_model']})" if info["embedding_model"] else "")),
        ("Serving", f"semantic {info['semantic_serving']}"),
        ("Built", f"{info['built_at']} by kommunebot {info['package_version']}, "
                  f"analyzer {info['analyzer_version']}, BM25 {bm25}"),
    ]
    for label, value in lines:
        click.echo(f"{label:<9} {value}")
    click.echo(_paths_note(info["index_named_by"], info["defaults"]))


def _index_named_by(index_path: Path | None, in_use: Path) -> str:
    """What chose the index in use: "--index", "KOMMUNEBOT_INDEX", or "default" (the default paths')."""
    from bot.paths import default_paths

    if index_path is not None:
        return "--index"
    return "default" if in_use == default_paths().index_path else "KOMMUNEBOT_INDEX"


def _paths_note(named_by: str, defaults: str) -> str:
    """The closing line of `index stats`: the default paths in use and how to choose another index, or what chose
    this one."""
    from bot.paths import default_paths

    if named_by == "default":
        return f"(default paths: {defaults}; KOMMUNEBOT_INDEX or --index choose another index)"
    kind = "this source checkout" if defaults == "source checkout" else "an installed kommunebot"
    return f"(index named by {named_by}, not the default one of {kind}, {default_paths().index_path})"


def _semantic_serving(store: IndexStore) -> str:
    """Whether questions would be answered with the semantic stage here, and if not, why."""
    from bot.semantic.embedder import load_embedder

    if not store.embedding_model:
        return "off: the index has no vectors (lexical index)"
    s = settings()
    model = load_embedder(s.semantic, runtime=s.model_runtime, cache_dir=s.cache_dir)
    if model is None:
        return "off: the embedding model cannot be loaded here (or KOMMUNEBOT_SEMANTIC=off): BM25 alone"
    if model.name != store.embedding_model:
        return f"off: the index was embedded with {store.embedding_model}, not {model.name}: run kommunebot index build"
    return f"on ({store.meta.semantic_chunks} chunks with vectors, {model.name}, run by {model.runtime})"


@index_group.command(name="check")
@corpus_option
@index_option
@json_option
def check_cmd(corpus_dir: Path | None, index_path: Path | None, as_json: bool) -> None:
    """Check the index: schema, counts, every chunk's source, not stale against the corpus.

    Exits 1 and names the fix when a check fails; also lists corpus files of a format that
    is not supported (they are not indexed).

    \b
    Example:
        kommunebot index check
    """
    from bot.corpus.characters import printable
    from bot.corpus.formats import skipped_files
    from bot.index.check import indexed_files, run_checks
    from bot.paths import default_paths

    s = settings(index_path, corpus_dir)
    # a folder named by --corpus or KOMMUNEBOT_CORPUS is checked whatever folder the index was built from
    corpus_named = s.corpus_dir.resolve() != default_paths().corpus_dir.resolve()
    results = run_checks(s.index_path, s.corpus_dir, s.packs, named=corpus_named)
    skipped = skipped_files(s.corpus_dir)
    if s.corpus_dir.is_dir():  # what the manifest got wrong: the index may lack files or metadata
        from bot.corpus.manifest import read_manifest

        manifest = read_manifest(s.corpus_dir)
        # an entry naming no file, or a bad date, is told of its files as the index holds them: one the build skipped
        # is not "indexed without this entry" (or "this date")
        indexed = indexed_files(s.index_path)
        unindexed = None if indexed is None else {name for name in manifest.sources if name not in indexed}
        told = [miss.error(unindexed) for miss in manifest.unmatched] + \
            [bad.error(unindexed) for bad in manifest.bad_metadata]
        skipped += [*manifest.errors, *manifest.unreadable, *told, *manifest.warnings]
    skipped = [printable(line) for line in skipped]  # names with terminal escapes are shown, never run
    failed = [r for r in results if not r.ok]
    if as_json:
        named_by = s.index_path if s.index_named_by else None
        click.echo(json.dumps({"index": str(s.index_path), "ok": not failed, "skipped": skipped,
                               "checks": [{"check": r.name, "ok": r.ok, "problem": naming_index(r.problem, named_by)}
                                          for r in results]},
                              ensure_ascii=False, indent=2))
        if failed:
            sys.exit(1)
        return
    for line in skipped:
        if not any(line in result.problem for result in failed):  # told once: in the FAIL line it is part of
            click.echo(f"Warning: {line}", err=True)
    if failed:
        named = s.index_path if s.index_named_by else None  # a fix in a problem acts on the index checked
        for result in failed:
            click.secho(f"FAIL {naming_index(result.problem, named)}", err=True, fg="red")
        build = f"kommunebot index build --corpus {s.corpus_dir} --index {s.index_path}"
        # a file the build could not read fails it again: the file is what needs mending
        # a missing index named by --index or KOMMUNEBOT_INDEX is more likely a typo than unbuilt, as `ask` says (a
        # build would make one at the typo)
        typo = not s.index_path.exists() and bool(s.index_named_by)
        raise KommunebotError(f"the index at {s.index_path} failed {len(failed)} check(s)",
                              hint=("check the path (--corpus or KOMMUNEBOT_CORPUS names the folder of documents)"
                                    if not s.corpus_dir.is_dir() and any(r.name == "corpus" for r in failed) else
                                    f"mend or remove the files named above, then run: {build}"
                                    if all(r.name == "unread" for r in failed) else
                                    f"check the path, or build it: {build}" if typo else
                                    _foreign_hint(s.index_path, build) or f"run: {build}"))
    click.echo(f"OK {s.index_path}: {', '.join(r.name for r in results)} all check out")


def _foreign_hint(index_path: Path, build: str) -> str:
    """The fix for an index file a build would refuse to replace (not kommunebot's), "" for one it would rebuild.

    Asked by the build's own test, so the fix named is one that works: "run: kommunebot index build" was refused for
    a file of random bytes or another program's database.
    """
    from bot.index.build import refuse_foreign

    try:
        refuse_foreign(index_path)
    except KommunebotError:
        return (f"a build will not replace a file that is not a kommunebot index: move {index_path} away "
                f"(or delete it), then run: {build}; or build to another path with --index")
    return ""


ORIGIN_WORDS = {"sources.toml": "sources.toml", "file": "the file itself", "first line": "the text's first line",
                "file name": "the file name", "detected": "the text (detected)"}


@cli.command(name="sources")
@index_option
@json_option
def sources_cmd(index_path: Path | None, as_json: bool) -> None:
    """List the indexed sources: title, publisher, date, language, chunks, and where each came from.

    \b
    Example:
        kommunebot sources
    """
    store = _open(index_path)
    origins = store.meta.source_origins
    rows = [{**{k: getattr(s, k) for k in ("id", "file", "title", "publisher", "date", "lang", "chunks", "url")},
             "origins": origins.get(s.id, {})} for s in store.sources()]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        chunks = counted("{n} {n:chunk|chunks}", n=r["chunks"])
        click.echo(f"{r['title']}\n    {r['publisher'] or '-'} · {r['date'] or '-'} · {r['lang'] or '-'} · {chunks}"
                   + (f"\n    {r['url']}" if safe_url(r["url"]) else ""))
        if r["origins"]:
            by: dict[str, list[str]] = {}
            for name, origin in r["origins"].items():
                by.setdefault(origin, []).append(name)
            click.echo(f"    {r['file']}: " + "; ".join(f"{', '.join(names)} from {ORIGIN_WORDS.get(origin, origin)}"
                                                      for origin, names in by.items()))
