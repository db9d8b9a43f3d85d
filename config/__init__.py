"""Configuration: the one Settings class, read once at start and passed down."""

from config.settings import DeliverySettings, Settings, SettingsError, load_settings

__all__ = ["DeliverySettings", "Settings", "SettingsError", "load_settings"]
