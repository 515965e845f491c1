"""The Telegram bot: a thin python-telegram-bot shell over the answer function."""
