"""The first journey: register, log out, log in, see your name; a wrong password is an inline error."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_register_logout_login_journey(page):
    page.goto("/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Username").fill("meera")
    page.get_by_label("Password", exact=True).fill("brahmaputra-basin-7")
    page.get_by_label("Repeat password").fill("brahmaputra-basin-7")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_test_id("greeting-name")).to_have_text("meera")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.get_by_label("Username").fill("meera")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Log in").click()
    error = page.locator("#password-errors")
    expect(error).to_have_text("Wrong username or password.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Password").fill("brahmaputra-basin-7")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("greeting-name")).to_have_text("meera")
    expect(page.get_by_test_id("user-name")).to_have_text("meera")


def test_keyboard_user_can_reach_login_with_visible_focus(page):
    page.goto("/auth/login")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
