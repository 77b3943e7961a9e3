"""The password page in headless Chromium, as a worker on WhatsApp opens it: a real browser
sends its own ``Origin`` and cookies rules, which a test client does not. (A
``Referrer-Policy: no-referrer`` once made Chromium send ``Origin: null``, and every real
submission was refused; only a browser shows that.)"""

from __future__ import annotations

from playwright.async_api import async_playwright, expect

from tests.integration.accounts.test_password_page import link_in
from tests.integration.accounts.test_register import PASSWORD, to_password
from tests.support.browser import chromium, served
from tests.support.world import World


async def test_a_worker_sets_the_password_on_the_page_in_a_browser(world: World) -> None:
    executable = chromium()
    chat = world.chat(user_id="5215512340011", channel="whatsapp")
    await to_password(world, chat)
    path = link_in(chat)
    async with served(world.container) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, headless=True,
                                                   args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            await page.goto(base + path)
            await page.fill("#password", "abc")
            await page.fill("#confirm", "abc")
            await page.click("button[type=submit]")
            await expect(page.locator(".errors")).to_contain_text("Tu contraseña no es segura")
            await page.fill("#password", PASSWORD)
            await page.fill("#confirm", PASSWORD)
            await page.click("button[type=submit]")
            await expect(page.locator("body")).to_contain_text("Ya puedes volver al chat")
        finally:
            await browser.close()
    [(_, replies)] = world.pushed.sent
    assert replies[0].text == "Tu contraseña quedó guardada."
