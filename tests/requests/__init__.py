"""Advisory Group monitoring requests."""
