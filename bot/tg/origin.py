"""The chat and user an update came from, and the user's language, as the handlers need them."""

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


def user_language(update: Update) -> str | None:
    """The language the user's Telegram is set to, when the bot writes it (nb, nn, da, en; "no" is bokmål); None when
    Telegram gives none or another."""
    code = (update.effective_user.language_code if update.effective_user else None) or ""
    language = code.lower().replace("_", "-").split("-")[0]
    language = {"no": "nb"}.get(language, language)
    return language if language in ("nb", "nn", "da", "en") else None


def texts_language(update: Update) -> str:
    """The language of the bot's fixed texts (bot/tg/texts.py: the commands' replies, the refusals, the apologies, the
    button notes): the user's Telegram's when it is nynorsk, Danish or English, else "nb"."""
    return user_language(update) or "nb"
