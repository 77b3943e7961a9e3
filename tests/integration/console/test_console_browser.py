"""The console in headless Chromium: an agent logs in with the TOTP code, takes the waiting
user, sees the user's message arrive without reloading, answers, and hands the conversation
back with a note."""

from __future__ import annotations

from playwright.async_api import async_playwright, expect

from tests.integration.console.conftest import PASSWORD, Member
from tests.support.browser import chromium, served
from tests.support.world import World


async def test_an_agent_serves_a_user_in_the_browser(world: World,
                                                     staff: dict[str, Member]) -> None:
    executable = chromium()
    chat = world.chat("5215500000801")
    await chat.send("hola")
    await chat.send("asesor")
    async with served(world.container) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, headless=True,
                                                   args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            await page.goto(base + "/console")  # no session: the login page
            await page.fill("#email", staff["ana"].email)
            await page.fill("#password", PASSWORD)
            await page.fill("#code", staff["ana"].totp.at(world.clock()))
            await page.click("button[type=submit]")
            await expect(page.locator("#waiting")).to_contain_text("terminal ******0801")
            await page.click("#waiting a")
            await page.click("text=Atender")
            await expect(page.locator("#transcript")).to_contain_text("Usuario: asesor")
            await chat.send("¿por qué no veo mis puntos?")
            await expect(page.locator("#transcript")).to_contain_text(
                "Usuario: ¿por qué no veo mis puntos?", timeout=10_000)  # no reload
            await page.fill("#text", "Aparecen 24 horas después de registrarte.")
            await page.click("text=Enviar")
            await expect(page.locator("#transcript")).to_contain_text(
                "Mi Cuenta: Aparecen 24 horas después de registrarte.")
            await page.fill("#note", "Dudas de puntos; resuelto")
            await page.click("text=Terminar y devolver al menú")
            await expect(page.locator("body")).to_contain_text("Nadie espera a un asesor.")
        finally:
            await browser.close()
    pushed = [reply.text for _, replies in world.pushed.sent for reply in replies]
    assert pushed[0] == "Hola, ya te atiende un asesor de Mi Cuenta. Escríbele aquí."
    assert "Aparecen 24 horas después de registrarte." in pushed
    assert pushed[-1] == "¿Qué quieres hacer? Elige una opción:"
