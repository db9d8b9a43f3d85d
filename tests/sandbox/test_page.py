"""The sandbox in a real browser: headless Chromium (Debian's package) driven by Playwright
joins two people by invite, raises an alert as the NGO activist, acknowledges it as the police
officer, and sees the acknowledgment on the activist's pane; screenshots at 1280 and 360 px
are kept (URA_SCREENSHOTS, default a temporary folder)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.core.i18n import Translator

playwright_api = pytest.importorskip("playwright.async_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is absent")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
T = Translator("sq")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sandbox_url(tmp_path: Path) -> Iterator[str]:
    """`ura sandbox` as a person starts it: a real process, its page on loopback."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("URA_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--dir", str(tmp_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"the sandbox did not print its page: {line!r}"
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    async with playwright_api.async_playwright() as p:
        launched = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        await launched.close()


def _shots() -> Path:
    folder = Path(os.environ.get("URA_SCREENSHOTS") or "/tmp/ura-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _add(page: object, name: str, role: str, agency: str, group: str) -> None:
    form = page.locator("#add")  # type: ignore[attr-defined]
    await form.locator("[name=name]").fill(name)
    await form.locator("[name=role]").select_option(role)
    await form.locator("[name=agency]").select_option(agency)
    await form.locator("[name=group]").select_option(group)
    await form.locator("button[type=submit]").click()


async def _press(pane: object, label: str) -> None:
    await pane.locator(".msg .keys button", has_text=label).last.click()  # type: ignore[attr-defined]


async def test_two_people_join_raise_and_acknowledge_an_alert_in_the_browser(
    sandbox_url: str, browser: object
) -> None:
    expect = playwright_api.expect
    page = await browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    await page.goto(sandbox_url)
    await expect(page.locator(".badge")).to_have_text("PROVË")
    coordinator = page.locator(".pane").first
    await expect(coordinator.locator(".msg").last).to_contain_text("/alert")

    await _add(page, "Alba Kola", "ngo", "civil_society", "durres")
    alba = page.get_by_role("tabpanel", name="Alba Kola")
    await alba.locator(".join").click()
    await expect(alba.locator(".msg").last).to_contain_text("Alba Kola")
    await _add(page, "Ardit Hoxha", "committee", "police", "durres")
    ardit = page.get_by_role("tabpanel", name="Ardit Hoxha")
    await ardit.locator(".join").click()
    await expect(ardit.locator(".msg").last).to_contain_text("Ardit Hoxha")

    say = alba.locator(".say")
    await say.fill("/alert")
    await say.press("Enter")
    await _press(alba, "Durrës")
    await _press(alba, str(T("sq", "alert.category.child_at_risk")))
    await _press(alba, str(T("sq", "alert.urgency.urgent")))
    await expect(alba.locator(".msg").last).to_contain_text("4/5")
    await say.fill("Një vajzë rreth 12 vjeç lyp çdo natë pranë portit.")
    await say.press("Enter")
    await _press(alba, str(T("sq", "alert.attachment.skip")))
    await _press(alba, str(T("sq", "alert.button.send")))

    card = ardit.locator(".msg", has_text="Një vajzë rreth 12 vjeç")
    await expect(card).to_be_visible(timeout=15_000)
    await _press(ardit, str(T("sq", "alert.button.ack")))
    await expect(alba.locator(".msg", has_text="Ardit Hoxha").last).to_be_visible(timeout=15_000)

    await page.screenshot(path=str(_shots() / "sandbox-1280.png"), full_page=True)
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.locator("#tabs button", has_text="Ardit Hoxha").click()
    await expect(ardit).to_be_visible()
    await page.screenshot(path=str(_shots() / "sandbox-360.png"), full_page=True)
