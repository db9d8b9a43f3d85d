"""Every delivery setting is documented in .env.example and the README's settings table, with
its default, and nothing documented is missing from DeliverySettings."""

import re
from pathlib import Path

from config.settings import DeliverySettings

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"URA_DELIVERY__([A-Z_]+)")


def test_every_delivery_setting_is_in_the_example_file_and_the_readme() -> None:
    fields = {name.upper() for name in DeliverySettings.model_fields}
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    assert set(NAME.findall(example)) == fields
    assert set(NAME.findall(readme)) == fields


def test_the_example_file_shows_each_default() -> None:
    example = (ROOT / ".env.example").read_text()
    shown = dict(re.findall(r"URA_DELIVERY__([A-Z_]+)=(\S+)", example))
    for name, field in DeliverySettings.model_fields.items():
        assert float(shown[name.upper()]) == float(field.default), name
