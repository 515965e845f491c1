"""An adapter file (`benchmarks/finetune.py train`'s .npz) read as the model's graph takes it.

Apart from finetune.py so that benchmarks/answers.py can run an adapter without importing the
training and measuring code (which imports model_levers, which imports answers: a loop).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.semantic.graph import Adapter


def read_adapter(path: Path) -> Adapter:
    """The adapter as the graph takes it: {"l7.q": (down, up)}, from the file's "l7.q.down" and "l7.q.up"."""
    data = np.load(path)
    return {key[:-5]: (data[key], data[key[:-5] + ".up"]) for key in data.files if key.endswith(".down")}
