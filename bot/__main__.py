"""`python -m bot` is the same as the `ura` command."""

from bot.cli import main

raise SystemExit(main())
