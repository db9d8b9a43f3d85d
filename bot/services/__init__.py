"""The rules of Ura; they know nothing of Telegram and take a session and plain values."""
