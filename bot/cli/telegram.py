"""`kommunebot telegram` and `kommunebot feedback` (filled in by the Telegram work)."""
