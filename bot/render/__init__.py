"""One formatter per medium: terminal text, Telegram HTML, JSON."""
