"""Ura's application: assembly, services (the rules), delivery, catalogs and the CLI."""

__version__ = "0.1.0"
