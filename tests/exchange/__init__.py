"""The information exchange: updates, replies, history, search, export, digest."""
