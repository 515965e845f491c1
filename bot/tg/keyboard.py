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


def answer_keyboard(shown_id: int, more: bool, language: str = "nb") -> InlineKeyboardMarkup:
    """"Flere treff" (when there are more passages) over 👍 / 👎; data stays far below 64 bytes."""
    rows = [[InlineKeyboardButton(message("more", language), callback_data=f"more:{shown_id}")]] if more else []
    rows.append([InlineKeyboardButton(texts.VOTE_UP, callback_data=f"vote:{shown_id}:1"),
                 InlineKeyboardButton(texts.VOTE_DOWN, callback_data=f"vote:{shown_id}:-1")])
    return InlineKeyboardMarkup(rows)


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
