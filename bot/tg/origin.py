"""The chat and user an update came from, as the handlers need them."""

from __future__ import annotations

from telegram import Update


def chat_id(update: Update) -> int:
    """The update's chat id: every update the command and message handlers get has a chat."""
    chat = update.effective_chat
    if chat is None:  # python-telegram-bot types it Optional for updates those handlers never get
        raise ValueError(f"update {update.update_id} has no chat")
    return chat.id


def user_id(update: Update) -> int | None:
    """The sender's user id; None when there is no user (a channel post)."""
    user = update.effective_user
    return None if user is None else user.id
