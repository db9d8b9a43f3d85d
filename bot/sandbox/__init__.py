"""The sandbox: the real bot against the built-in Bot API server (telegram/), and a page where
one person plays several members side by side (`ura sandbox`)."""
