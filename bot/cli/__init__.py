"""The `ura` command: run the bot, upgrade the database, make invite links.

`bot.cli:main` is the entry point; each group of commands lives in its own module.
"""

from bot.cli.commands import main

__all__ = ["main"]
