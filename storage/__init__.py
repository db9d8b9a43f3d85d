"""Persistence: typed SQLAlchemy models, the session factory, repositories, migrations."""
