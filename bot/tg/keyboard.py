"""The inline keyboard under an answer, and reading its callback data back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer.messages import message
from bot.tg import texts


@dataclass(frozen=True)
class Press:
    """A button press: `action` is "more" or "vote", on the reply stored as `shown_id`."""

    action: str
    shown_id: int
    vote: int = 0


def vote_row(shown_id: int, mine: int = 0, counts: tuple[int, int] | None = None) -> list[InlineKeyboardButton]:
    """👍 / 👎, the user's choice marked (`mine`), or in a group how many chose each (`counts`)."""
    labels = [texts.VOTE_UP, texts.VOTE_DOWN]
    if counts is not None:
        labels = [f"{label} {n}" if n else label for label, n in zip(labels, counts, strict=True)]
    elif mine:
        labels[0 if mine > 0 else 1] = texts.VOTED.format(labels[0 if mine > 0 else 1])
    return [InlineKeyboardButton(labels[0], callback_data=f"vote:{shown_id}:1"),
            InlineKeyboardButton(labels[1], callback_data=f"vote:{shown_id}:-1")]


def answer_keyboard(shown_id: int, more: bool, language: str = "nb") -> InlineKeyboardMarkup:
    """"Flere treff" (when there are more passages) over 👍 / 👎; data stays far below 64 bytes."""
    rows = [[InlineKeyboardButton(message("more", language), callback_data=f"more:{shown_id}")]] if more else []
    rows.append(vote_row(shown_id))
    return InlineKeyboardMarkup(rows)


def _is_vote_row(row: tuple[InlineKeyboardButton, ...] | list[InlineKeyboardButton]) -> bool:
    return any(str(b.callback_data or "").startswith("vote:") for b in row)


def with_votes(markup: InlineKeyboardMarkup | None, shown_id: int, mine: int = 0,
               counts: tuple[int, int] | None = None) -> InlineKeyboardMarkup:
    """The keyboard under a reply after a vote: its other buttons kept, the vote row showing the choice."""
    rows = [list(row) for row in (markup.inline_keyboard if markup else ()) if not _is_vote_row(row)]
    return InlineKeyboardMarkup(rows + [vote_row(shown_id, mine, counts)])


def without_more(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The keyboard once "Flere treff" has been used: the same without that button (None if empty)."""
    rows = [[b for b in row if not str(b.callback_data or "").startswith("more:")]
            for row in (markup.inline_keyboard if markup else ())]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


MAX_ID = (1 << 63) - 1  # SQLite's largest integer: a bigger "id" was never sent by us
_ID = re.compile(r"[1-9][0-9]{0,18}")


def _shown_id(text: str) -> int | None:
    """A row id as we write it (digits, no sign, no leading zero, within SQLite's range), else None."""
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def parse_press(data: str | None) -> Press | None:
    """The press encoded in `data`, or None for anything we did not send."""
    parts = (data or "").split(":")
    shown = _shown_id(parts[1]) if len(parts) > 1 else None
    if shown is None:
        return None
    if parts[0] == "more" and len(parts) == 2:
        return Press("more", shown)
    if parts[0] == "vote" and len(parts) == 3 and parts[2] in ("1", "-1"):
        return Press("vote", shown, int(parts[2]))
    return None
