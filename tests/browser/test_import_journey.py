"""Library -> import a GIFT file -> the summary with its skipped question -> study an imported item -> export as .apkg."""

from __future__ import annotations

import io
import re
import zipfile

import sqlalchemy as sa
from playwright.sync_api import expect

from quizapp.extensions import db
from quizapp.models import ReviewLog
from tests.web.test_interchange_cli import GIFT
from tests.web.test_interchange_web import SIX


def register(page) -> None:
    page.goto("/auth/register")
    page.get_by_label("Username").fill("kiran")
    page.get_by_label("Password", exact=True).fill("western-ghats-2024")
    page.get_by_label("Repeat password").fill("western-ghats-2024")
    page.get_by_role("button", name="Create account").click()


def test_import_study_and_export_journey(app, page, tmp_path):
    register(page)
    page.get_by_role("link", name="Library").click()
    page.get_by_test_id("import-link").click()
    expect(page.get_by_role("heading", name="Import a question bank")).to_be_visible()
    gift = tmp_path / "polity.gift"
    gift.write_text(GIFT, encoding="utf-8")
    page.get_by_label("Question file").set_input_files(str(gift))
    page.get_by_label("Bank name").fill("Polity PYQ")
    page.get_by_role("button", name="Import").click()

    summary = page.get_by_test_id("import-summary")
    expect(summary.get_by_test_id("imported-count")).to_have_text("4")
    expect(summary.get_by_test_id("skipped-count")).to_have_text("1")
    expect(summary.get_by_test_id("skipped-line")).to_have_count(1)
    expect(summary.get_by_test_id("skipped-line")).to_have_text(
        "polity.gift:7: skipped: multiple-response questions with partial credit are not supported")

    summary.get_by_test_id("study-bank").click()
    stem = page.get_by_test_id("study-stem")
    expect(stem).to_have_text("Which article provides for the Finance Commission?")
    page.locator('[data-role="options"] button').first.click()  # (A) Article 280, the key
    expect(page.get_by_test_id("verdict")).to_be_visible()
    expect(page.locator('[data-role="quote"]')).to_have_text("imported — not traced to a source")
    expect(page.locator('[data-role="source"]')).to_be_hidden()

    page.get_by_role("link", name="Library").click()
    page.get_by_role("link", name="Polity PYQ").click()
    expect(page).to_have_url(re.compile(r"/library/documents/imp-polity-pyq-"))
    page.get_by_label("Format").select_option("apkg")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export").click()
    download = info.value
    assert download.suggested_filename == "polity-pyq.apkg"
    data = (tmp_path / "out.apkg")
    download.save_as(data)
    with zipfile.ZipFile(io.BytesIO(data.read_bytes())) as zf:
        assert "collection.anki2" in zf.namelist()


def test_a_six_option_import_is_answered_with_key_f(app, page, tmp_path):
    """F picks the sixth option while the question is open; once answered, F flags as everywhere else."""
    register(page)
    page.goto("/library/import")
    path = tmp_path / "coast.gift"
    path.write_text(SIX, encoding="utf-8")
    page.get_by_label("Question file").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    page.get_by_test_id("import-summary").get_by_test_id("study-bank").click()

    expect(page.get_by_test_id("study-stem")).to_have_text("Which state has the longest coastline?")
    options = page.locator('[data-role="options"] button')
    expect(options).to_have_count(6)
    expect(options.nth(5)).to_have_text("F. Maharashtra")
    expect(page.locator('[data-role="last-key"]')).to_have_text("F")
    expect(page.locator('[data-role="flag-after"]')).to_be_visible()
    page.keyboard.press("f")
    expect(page.get_by_test_id("verdict")).to_have_text("Right.")
    expect(options.nth(5)).to_have_class(re.compile(r"\bcorrect\b"))
    expect(page.get_by_test_id("answer-text")).to_have_text("Answer: F. Maharashtra")
    expect(page.locator('[data-role="flag-form"]')).to_be_hidden()

    page.keyboard.press("f")  # answered now: F is the flag again
    expect(page.locator('[data-role="flag-form"]')).to_be_visible()
    page.locator('[data-role="flag-cancel"]').click()
    page.locator(".rate-4").click()
    expect(page.locator("#done")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(sa.select(ReviewLog.response)).all() == [5]
