"""Fingerprints of the corpus folder and the source packs an index was built from, and how they differ now."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path


def corpus_signature(corpus_dir: Path) -> str:
    """A cheap fingerprint of a corpus folder (names and sizes) to notice a changed corpus."""
    from bot.corpus.manifest import MANIFEST_NAME, source_files
    from bot.corpus.questions import NAMES

    files = source_files(corpus_dir) if corpus_dir.is_dir() else []
    parts = [f"{p.name}:{p.stat().st_size}" for p in files]
    for name in (MANIFEST_NAME, *NAMES):  # a changed manifest or set of written questions: build again
        if (corpus_dir / name).exists():
            parts.append(f"{name}:{(corpus_dir / name).stat().st_size}")
    return ";".join(parts)


def signature_changes(before: str, now: str) -> str:
    """Which files differ between two corpus signatures: "changed: a.md; added: b.pdf; removed: c.txt"."""
    def sizes(signature: str) -> dict[str, str]:
        return dict(part.rsplit(":", 1) for part in signature.split(";") if ":" in part)

    old, new = sizes(before), sizes(now)
    groups = (("changed", [n for n in new if n in old and new[n] != old[n]]),
              ("added", [n for n in new if n not in old]), ("removed", [n for n in old if n not in new]))
    return "; ".join(f"{label}: {', '.join(sorted(names))}" for label, names in groups if names)


def pack_signatures(packs: Sequence[Path]) -> dict[str, str]:
    """What the index records of the packs it holds: each one's name and files (a changed pack is noticed)."""
    return {pack.name: corpus_signature(pack) for pack in packs}


def pack_differences(held: Mapping[str, str], named: Mapping[str, str]) -> str:
    """How the packs an index holds (its meta) differ from those named now (pack_signatures), for a warning;
    "" when they agree."""
    parts = []
    if missing := sorted(set(named) - set(held)):
        parts.append(f"it was built without the {', '.join(missing)} pack")
    if extra := sorted(set(held) - set(named)):
        parts.append(f"it was built with the {', '.join(extra)} pack, which these settings leave out")
    for name in sorted(set(held) & set(named)):
        if held[name] != named[name]:
            changes = signature_changes(held[name], named[name]) or "changed"
            parts.append(f"the {name} pack's files changed since it was built ({changes})")
    return "; ".join(parts)
