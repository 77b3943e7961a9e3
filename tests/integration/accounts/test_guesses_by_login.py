"""«¿Quisiste decir…?» offers what this worker can use: the logged-out menu items to a
worker who is not logged in, the logged-in ones to a worker who is."""

from __future__ import annotations

from tests.support.savings import logged_in
from tests.support.world import World


async def test_the_guesses_are_the_ones_this_worker_can_use(world: World) -> None:
    """Issue 12: «¿Quisiste decir…?» offered «Iniciar sesión» to a worker already in."""
    out = world.chat("5215500000701")
    await out.send("hola")
    await out.send("no entro")
    assert out.last[0].text == "No estoy seguro de haberte entendido. ¿Quisiste decir…?"
    assert "Iniciar sesión" in out.options
    chat = await logged_in(world, "existing_account", user_id="5215500000702")
    await chat.send("no entro")
    assert chat.last[0].text == "No estoy seguro de haberte entendido. ¿Quisiste decir…?"
    assert chat.options[-1] == "Menú principal"
    for hidden in ("Iniciar sesión", "Crear mi cuenta", "Olvidé mi contraseña"):
        assert hidden not in chat.options
