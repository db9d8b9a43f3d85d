"""The report's files from a known November: images a phone shows, a PDF that opens, a CSV
that reads back to the same figures, and the Advisory Group's version without text or names."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bot.core.i18n import Translator
from bot.reports import Audience, Figures, parse_period, read_figures, render
from bot.reports.render.table import read
from config.settings import Settings
from storage.db import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade
from tests.reports.seed import ALERT_TEXT, NAMES, NOW, seed_november

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


async def november(sessions: SessionFactory) -> Figures:
    async with sessions.begin() as session:
        await seed_november(session)
    async with sessions() as session:
        period = parse_period("2026-11", NOW, SETTINGS.zone)
        return await read_figures(session, period, NOW, SETTINGS)


@pytest.fixture
async def figures(database_url: str) -> Figures:
    """The figures are the same on PostgreSQL (test_figures); rendering needs one engine."""
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        return await november(create_session_factory(engine))
    finally:
        await engine.dispose()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def pdf_pages(data: bytes, tmp_path: Path) -> list[Image.Image]:
    """The PDF's pages as pdftoppm renders them (skipped where poppler is not installed)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (tmp_path / "r.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    return [Image.open(path) for path in sorted(tmp_path.glob("page*.png"))]


async def test_the_charts_are_phone_sized_images(figures: Figures) -> None:
    made = render(figures, Translator(), "sq", Audience.COORDINATOR, SETTINGS)
    assert [p.name for p in made.pictures] == ["1-map", "2-regions", "3-trend", "4-roundtables"]
    for picture in made.pictures:
        image = Image.open(io.BytesIO(picture.png))
        image.verify()
        assert (image.format, image.size) == ("PNG", (1080, 1350))
    assert "Sa shpejt" in made.pictures[0].title


async def test_the_pdf_opens_and_has_every_page(figures: Figures, tmp_path: Path) -> None:
    made = render(figures, Translator(), "en", Audience.COORDINATOR, SETTINGS)
    assert made.pdf.startswith(b"%PDF")
    pages = pdf_pages(made.pdf, tmp_path)
    assert len(pages) == 10  # summary, four charts, five pages of tables and names
    assert all(page.size[0] > 0 for page in pages)
    text = pdf_text(made.pdf, tmp_path)
    assert "Monitoring report: November 2026" in text
    assert "Policia e Durrësit" in text  # organisations are named; people are not


async def test_the_csv_reads_back_to_the_same_figures(figures: Figures) -> None:
    made = render(figures, Translator(), "sq", Audience.COORDINATOR, SETTINGS)
    back = read(made.csv)
    assert back[("report", "period", "token")] == "2026-11"
    for region in figures.regions:
        for measure in ("alerts", "urgent", "acknowledged", "urgent_in_window", "escalated"):
            assert back[("alerts", region.slug, measure)] == str(getattr(region, measure))
        median = region.ack.median
        assert back[("alerts", region.slug, "median_ack_min")] == (
            "" if median is None else f"{median:.2f}"
        )
    assert back[("alerts", "durres", "p90_ack_min")] == "17.00"
    assert back[("alerts", "kukes", "escalated")] == "2"
    assert back[("category", "child_at_risk", "alerts")] == "3"
    assert back[("sector", "social_service", "median_ack_min")] == "15.00"
    assert back[("referrals", "all", "declined")] == "1"
    assert back[("roundtables", "durres", "attended")] == "2"
    assert back[("follow_ups", "all", "late")] == "3"
    assert back[("organisation", "Qendra Tjetër Vizion", "updates")] == "0"
    assert back[("members", "durres", "sector:social_service")] == "1"
    assert back[("members", "durres", "unreachable")] == "1"
    assert back[("access_requests", "all", "pending")] == "2"
    assert back[("trend", "2026-11", "alerts")] == "6"


async def test_the_summary_reads_like_a_person_wrote_it(figures: Figures) -> None:
    made = render(figures, Translator(), "en", Audience.COORDINATOR, SETTINGS)
    assert "In November 2026, 6 alerts were raised in 2 regions." in made.summary
    assert "Of the urgent alerts, 40% were acknowledged within 15 minutes" in made.summary
    assert "Durrës acknowledged 2 of 3 urgent alerts within 15 minutes; Kukës none of 2." in (
        made.summary
    )
    assert "2 roundtables were held, attended by 40% of those invited" in made.summary
    assert "Organisations with no update: 3 of 4." in made.summary
    sq = render(figures, Translator(), "sq", Audience.COORDINATOR, SETTINGS).summary
    assert "Periudha nëntor 2026: u dërguan 6 sinjalizime nga 2 qarqe." in sq
    assert "mediana e kohës deri në marrjen në dijeni ishte 7,5 min" in sq


async def test_the_advisory_version_has_no_text_no_names_and_no_small_counts(
    figures: Figures, tmp_path: Path
) -> None:
    made = render(figures, Translator(), "sq", Audience.ADVISORY, SETTINGS)
    back = read(made.csv)
    assert back[("alerts", "durres", "alerts")] == "4"
    assert back[("alerts", "durres", "escalated")] == "<3"
    assert back[("alerts", "kukes", "alerts")] == "<3"
    assert back[("alerts", "kukes", "median_ack_min")] == ""
    assert back[("referrals", "all", "made")] == "3"
    assert back[("referrals", "all", "accepted")] == "<3"
    assert back[("sector", "social_service", "median_ack_min")] == ""  # two alerts only
    assert "Kukës" not in made.summary  # two urgent alerts are too few to compare
    assert "&lt;3" in made.summary  # the note saying so
    everything = made.summary + made.csv.decode("utf-8-sig") + pdf_text(made.pdf, tmp_path)
    for secret in (ALERT_TEXT, *NAMES):
        assert secret not in everything
    assert "<3" in pdf_text(made.pdf, tmp_path)


def test_the_period_buttons_spell_the_old_payload() -> None:
    from bot.reports.model import PickPeriod

    assert f"{PickPeriod.code}:{PickPeriod('2026-Q4').arg}" == "rpt:2026-Q4"
    assert PickPeriod.parse("2026-11") == PickPeriod("2026-11")
