"""What of a chunk is embedded: its whole text, each sentence in its title's context, its written questions."""

from __future__ import annotations

from bot.corpus.chunking import split_sentences
from bot.semantic.embedder import passage_text

# A line shorter than this ("Økonomiplan", "SPESIELT VIKTIGE") says too little alone to be a unit:
# it still counts in the whole text's vector.
MIN_SENTENCE_CHARS = 16


def sentences(text: str) -> list[str]:
    """The chunk's sentences as the quotes split them (line by line, then at sentence ends), short ones left out."""
    out: list[str] = []
    for line in (ln.strip() for ln in text.split("\n")):
        if line:
            out.extend(s for s in split_sentences(line) if len(s) >= MIN_SENTENCE_CHARS)
    return out


def embedding_units(title: str, heading: str, text: str) -> list[str]:
    """The texts embedded for one chunk: unit 0 its text alone, then one per sentence with title and heading.

    Measured on NorQuAD train (benchmarks/semantic.py): the best sentence's cosine finds the
    paragraph that answers among its neighbours far better than one vector of the whole chunk
    (the answer is usually one sentence), and the whole text without its title adds what the
    sentences share. A chunk with no sentence long enough has one unit after the text: the
    whole chunk with its title (what a sentence unit would have been).
    """
    whole = text.strip() or passage_text(title, heading, "")
    parts = sentences(text)
    if not parts:
        return [whole, passage_text(title, heading, text)]
    return [whole, *(passage_text(title, heading, s) for s in parts)]


# A written question (bot.corpus.questions) is embedded as a question is ("query: " for e5), so its stored text
# carries this mark: the same words as a passage's sentence make another vector, and the hash must tell them apart.
QUESTION_MARK = "query: "


def question_units(questions: tuple[str, ...]) -> list[str]:
    """The texts stored for a chunk's written questions (units −1, −2, … after its units 0…n), marked."""
    return [QUESTION_MARK + q for q in questions]


def is_question(unit_text: str) -> bool:
    """Whether a stored text is a written question (embedded as a question, not as a passage)."""
    return unit_text.startswith(QUESTION_MARK)


def chunk_units(title: str, heading: str, text: str, questions: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """Every (unit, text) stored for one chunk: its embedding units 0…n, then its written questions −1, −2, …."""
    return [*enumerate(embedding_units(title, heading, text)),
            *((-1 - j, q) for j, q in enumerate(question_units(questions)))]
