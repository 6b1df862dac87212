"""What the eye gets (issue 20 #7 and #24): ratings in Anki's colours, marked options by colour and icon,
the delete-account button in a danger style. Checked on computed styles, in light and dark mode, with a
screenshot of each kept under test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_study_journey import BY_ID, choose, expect_shown, seed_content, start_session

# Any CSS colour (rgb(), color(srgb …) from color-mix) as the 0-255 RGB a canvas paints it with.
TO_RGB = """(c) => { const x = document.createElement("canvas").getContext("2d"); x.fillStyle = c; x.fillRect(0, 0, 1, 1);
    return Array.from(x.getImageData(0, 0, 1, 1).data.slice(0, 3)); }"""


def paint(page: Page, colour: str) -> tuple[int, int, int]:
    return tuple(page.evaluate(TO_RGB, colour))


def rgb(page: Page, selector: str, prop: str = "backgroundColor") -> tuple[int, int, int]:
    return paint(page, page.locator(selector).first.evaluate(f"(e) => getComputedStyle(e).{prop}"))


def css_var(page: Page, name: str) -> tuple[int, int, int]:
    """A custom property of :root, as a colour."""
    return paint(page, page.evaluate(f"getComputedStyle(document.documentElement).getPropertyValue({name!r}).trim()"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_ratings_options_and_danger_have_their_colours(app, page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    seed_content(app, [BY_ID["mcq-3"], BY_ID["fact-1"]])
    start_session(app, page)
    expect_shown(page, "mcq-3", 2, 0, 0)
    choose(page, "a", right=False, derived=1)  # A is wrong; D (Chilika Lake) is the key

    # Again red, Hard amber, Good green, Easy blue: the theme's bad, warn, ok and accent colours.
    assert rgb(page, ".rate-1") == css_var(page, "--bad")
    assert rgb(page, ".rate-2") == css_var(page, "--warn")
    assert rgb(page, ".rate-3") == css_var(page, "--ok")
    assert rgb(page, ".rate-4") == css_var(page, "--accent")
    red, amber, green, blue = (rgb(page, f".rate-{n}") for n in (1, 2, 3, 4))
    assert red[0] > red[1] and red[0] > red[2] and green[1] > green[0] and blue[2] > blue[0]
    assert amber[0] > amber[2] and amber[1] > amber[2]

    # The key and the wrong pick: each with its icon, and a tinted background unlike a plain option's.
    expect(page.locator(".option.correct")).to_have_text("D. Chilika Lake")  # the icon is not part of the text
    assert page.locator(".option.correct").evaluate("e => getComputedStyle(e, '::before').content") == '"✓"'
    assert page.locator(".option.wrong").evaluate("e => getComputedStyle(e, '::before').content") == '"✗"'
    assert rgb(page, ".option.correct") != rgb(page, "#card .option:not(.correct):not(.wrong)")
    assert rgb(page, ".option.wrong") != rgb(page, ".option.correct")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#card").screenshot(path=str(ARTIFACTS / f"study-marked-options-{scheme}.png"))

    page.goto("/auth/account")
    delete = page.get_by_role("button", name=re.compile("Delete", re.I))
    expect(delete).to_be_visible()
    assert rgb(page, ".danger-zone .button") == css_var(page, "--bad")
    assert rgb(page, "form[action$='/auth/password'] .button, main section:first-of-type .button") != css_var(page, "--bad")
    page.locator(".danger-zone").screenshot(path=str(ARTIFACTS / f"account-danger-{scheme}.png"))


def test_one_answer_is_one_answer_on_the_dashboard(app, page: Page) -> None:
    seed_content(app, [BY_ID["fact-1"], BY_ID["fact-2"]])
    start_session(app, page)
    expect_shown(page, "fact-1", 2, 0, 0)
    page.keyboard.press("Space")
    page.keyboard.press("3")
    expect_shown(page, "fact-2", 1, 1, 0)
    page.goto("/progress/")
    expect(page.locator("main")).to_contain_text("1 answer in all")
    expect(page.locator("main")).not_to_contain_text("1 answers")
