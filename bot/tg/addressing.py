"""Whether a group message is meant for the bot, and the question in it."""

from __future__ import annotations

from telegram import Message, MessageEntity


def group_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question when the bot is @mentioned or replied to; None for other chatter."""
    # a photo's or file's caption is its text: "@bot …" under a photo is meant for the bot as well
    text = message.text or message.caption or ""
    entities = message.entities if message.text else message.caption_entities
    mention = f"@{username}".lower()
    mentioned = any(text[e.offset:e.offset + e.length].lower() == mention
                    for e in entities if e.type == MessageEntity.MENTION)
    reply = message.reply_to_message
    replied = reply is not None and reply.from_user is not None and reply.from_user.id == bot_id
    if not (mentioned or replied):
        return None
    if mentioned:
        text = " ".join(w for w in text.split() if w.lower().rstrip(",:;.!?") != mention)
    return text.strip()
