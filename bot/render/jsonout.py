"""The `--json` shape of an answer, as documented in the README."""

from __future__ import annotations

from bot.answer.messages import message
from bot.answer.model import Answer
from bot.answer.smalltalk import SmallTalk


def answer_to_dict(answer: Answer) -> dict:
    """The documented JSON contract (docs/guide.md): question, language, answered, confidence, notice, passages.

    `answered` stays true for "uncertain" (passages are shown) so older readers keep working.
    """
    return {
        "question": answer.question,
        "language": answer.language,
        "answered": answer.answered,
        "confidence": answer.confidence,
        # the lead line a reader is shown when the passages may not answer directly
        "notice": (message(answer.lead, answer.language, **answer.lead_values)
                   if answer.confidence == "uncertain" else None),
        "passages": [
            {
                "rank": p.rank,
                "score": p.score,
                "text": p.quote,
                "pinned": p.pinned,  # chosen by a course leader: first whatever its score, as every front end says
                # the passage's own id, what questions.tsv and a question file's gold_ids name; `source.id` is a
                # document's, which holds many passages (a .jsonl record's is its own: the same as this)
                "passage_id": p.chunk_id,
                "source": {"id": p.citation.source_id, "title": p.citation.title,
                           "location": p.citation.location, "url": p.citation.url,
                           "publisher": p.citation.publisher, "date": p.citation.date},
            }
            for p in answer.passages
        ],
    }


def question_error_to_dict(question: str, key: str, language: str, text: str) -> dict:
    """`--json` for a question the bot will not search (empty, too long): `error` names why, `message` is what the
    asker is told; no passages. The exit status is 2, as without --json."""
    return {"question": question, "language": language, "answered": False, "confidence": "error", "error": key,
            "message": text, "passages": []}


def small_talk_to_dict(question: str, talk: SmallTalk) -> dict:
    """`--json` for small talk ("hei", "takk!"): nothing searched, the friendly reply, no passages."""
    return {"question": question, "language": talk.language, "answered": False, "confidence": "small_talk",
            "notice": None, "reply": message(talk.kind, talk.language), "passages": []}
