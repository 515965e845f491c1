"""The inline keyboard under an answer, and reading its callback data back."""

from __future__ import annotations

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


def parse_press(data: str | None) -> Press | None:
    """The press encoded in `data`, or None for anything we did not send."""
    parts = (data or "").split(":")
    try:
        if parts[0] == "more" and len(parts) == 2:
            return Press("more", int(parts[1]))
        if parts[0] == "vote" and len(parts) == 3 and parts[2] in ("1", "-1"):
            return Press("vote", int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    return None
