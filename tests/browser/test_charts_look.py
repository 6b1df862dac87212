"""Charts and pages as an aspirant sees them (issue 20, points 19, 21, 24): every chart screenshotted at
390 px and 1280 px in light and dark mode, axis text readable, no horizontal overflow, the browser's zone
taken at registration, and the landing page's screenshot regenerated from the real study page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import StudySettings, User
from tests.browser.conftest import ARTIFACTS, ROOT
from tests.browser.test_study_journey import expect_shown, flip, seed_content, start_session

LUMA = """(c) => { const x = document.createElement("canvas").getContext("2d"); x.fillStyle = c; x.fillRect(0, 0, 1, 1);
    const [r, g, b] = x.getImageData(0, 0, 1, 1).data; return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }"""


def _study_a_little(app, page: Page) -> None:
    seed_content(app)
    start_session(app, page)
    expect_shown(page, "fact-1", 12, 0, 0)
    flip(page, "Space", "fact-1")
    page.keyboard.press("Space")
    expect_shown(page, "cloze-1", 11, 1, 0)


def test_registration_sends_the_browsers_zone(app, browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, timezone_id="America/New_York")
    page = context.new_page()
    page.goto("/auth/register")
    expect(page.locator('input[name="timezone"]')).to_have_value("America/New_York")
    page.get_by_label("Username").fill("zoned")
    page.get_by_label("Password", exact=True).fill("monsoon-syllabus-42")
    page.get_by_label("Repeat password").fill("monsoon-syllabus-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    context.close()
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == "zoned"))
        assert db.session.get(StudySettings, uid).timezone == "America/New_York"


@pytest.mark.xdist_group("checkout-static")  # it writes into static/, which the wheel test compares
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_are_readable_at_phone_and_desktop_width(app, page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    _study_a_little(app, page)
    if scheme == "light":  # the landing page's picture of quizapp: a real study card
        page.locator("#card").screenshot(path=str(ROOT / "static" / "img" / "landing-study.png"))
    ARTIFACTS.mkdir(exist_ok=True)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/progress/")
        expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for name in ("heatmap", "forecast", "retention", "topics", "banks", "time"):
            chart = page.get_by_test_id(f"chart-{name}")
            label = chart.locator(".axis text").first
            # dark text on a dark page was the complaint: the label must stand out from the background
            assert abs(page.evaluate(LUMA, label.evaluate("e => getComputedStyle(e).fill"))
                       - page.evaluate(LUMA, background)) > 0.4, (name, scheme)
            height = label.evaluate("e => e.getBoundingClientRect().height")
            assert height >= 9, (name, width, height)  # drawn at least about 9 px tall, phone included
            page.locator(f"#chart-{name}").screenshot(path=str(ARTIFACTS / f"chart-{name}-{width}-{scheme}.png"))


@pytest.mark.parametrize("width", [1280, 390])
def test_landing_page_says_what_quizapp_does_in_three_lines(page: Page, width: int) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    expect(page.get_by_test_id("landing-points").locator("li")).to_have_count(3)
    shot = page.get_by_test_id("landing-shot")
    expect(shot).to_be_visible()
    assert shot.evaluate("e => e.complete && e.naturalWidth > 100")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not failed, failed
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"landing-{width}.png"), full_page=True)


def _watch_failures(page: Page, failed: list[str]) -> None:
    """Requests that got no answer. One the page had in flight when a form's submission took the browser to
    the next document (the favicon of the page left behind) is cancelled with ERR_ABORTED: that is the browser
    leaving a page, not a request failing, and it changed nothing. A run of .ci/run once failed on it."""
    navigations = [0]  # documents the main frame has asked for: a later one leaves the earlier page behind
    sent_at: dict[object, int] = {}

    def sent(r) -> None:  # noqa: ANN001
        if r.resource_type == "document" and r.frame == page.main_frame:
            navigations[0] += 1
        sent_at[r] = navigations[0]

    page.on("request", sent)

    def on_failed(r) -> None:  # noqa: ANN001
        if r.failure == "net::ERR_ABORTED" and sent_at.get(r, navigations[0]) < navigations[0]:
            return
        failed.append(r.url)

    page.on("requestfailed", on_failed)


def test_a_form_error_is_a_422_and_the_page_loads_nothing_that_fails(page: Page) -> None:
    failed: list[str] = []
    _watch_failures(page, failed)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.request.resource_type != "document" else None)
    page.goto("/auth/register")
    with page.expect_response(lambda r: r.url.endswith("/auth/register") and r.request.method == "POST") as resp:
        page.get_by_role("button", name="Create account").click()
    assert resp.value.status == 422
    expect(page.locator(".has-error").first).to_be_visible()
    assert not failed, failed
