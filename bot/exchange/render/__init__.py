"""Pure renderers of the exchange: updates, replies, history pages and the digest."""
