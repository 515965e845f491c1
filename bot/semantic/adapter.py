"""The model's shipped low-rank adapter (trained on the written questions): its file, its strength, its name."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.semantic.graph import Adapter

# multilingual-e5-small trained further on the questions written for the shipped passages (corpus/ and the
# law pack's questions.tsv, each against its passage) beside NorQuAD train's and other laws' pairs
# (`python -m benchmarks.finetune train --written …`, recipe F in benchmarks/README.md): an own-words
# question comes closer to the passage that answers it, on the held-out sets too (NorQuAD val, XQuAD).
ADAPTER_FILE = Path(__file__).parent / "data" / "adapter.npz"
# The adapter's update is scaled by this (1: as trained; 0.5 the weights half-way back to e5's): chosen by
# benchmarks/answers.py --adapter FILE@SCALE on every set.
ADAPTER_SCALE = 1.0


def read_adapter(path: Path, scale: float = 1.0) -> Adapter:
    """An adapter file (`benchmarks/finetune.py train`'s .npz) as the graph takes it: {"l7.q": (down, up × scale)}."""
    with np.load(path) as data:
        return {key[:-5]: (data[key], data[key[:-5] + ".up"] * np.float32(scale))
                for key in data.files if key.endswith(".down")}


def adapter_tag(path: Path, scale: float = 1.0) -> str:
    """What the adapter adds to the model's name (its file's hash and its scale): vectors of one adapter
    are another model's to an index embedded without it, or with another."""
    return f"+adapter-{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}@{scale:g}"


def shipped_tag() -> str:
    """The shipped adapter's name tag, without loading it (what the shipped vectors' model name ends with)."""
    return adapter_tag(ADAPTER_FILE, ADAPTER_SCALE)


@lru_cache(maxsize=1)
def shipped_adapter() -> tuple[Adapter, str]:
    """The shipped adapter at its scale, and its name tag (read once)."""
    return read_adapter(ADAPTER_FILE, ADAPTER_SCALE), shipped_tag()
