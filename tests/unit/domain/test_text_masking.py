"""Identifiers masked in free text (transcripts, logs), and the quick look that lets text
with nothing to mask through untouched."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.security import masking
from domain.security.masking import mask_text


@pytest.mark.parametrize(("text", "masked"), [
    ("Mi correo es juan.perez@example.com", "Mi correo es j******@example.com"),
    ("CURP GODE561231HDFRRN09 gracias", "CURP ******RN09 gracias"),
    ("RFC GODE561231AB1", "RFC ******1AB1"),
    ("NSS 12345678903", "NSS ******8903"),
    ("llámame al 55 1234 5678", "llámame al ******5678"),
    ("tu código es 482913", "tu código es ******"),
    ("código 48-29-13", "código ********"),
    ("código 1 2 3 4 5", "código *********"),
    ("tel 5.5.1.2.3.4.5.6.7.8", "tel ******5678"),
])
def test_identifiers_in_text_are_masked(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize("text", [
    "Elige una opción:\n1. Crear mi cuenta\n2. Iniciar sesión\n3. Recuperar contraseña",
    "Responde 1 o 2.",
    "Tienes 3 intentos; te quedan 2.",
    "Escribe «menú» para volver al inicio.",
    "",
])
def test_text_without_identifiers_is_kept_as_it_is(text: str) -> None:
    assert mask_text(text) == text


def _five_passes(text: str) -> str:
    """Every pass on every text: what ``mask_text`` must give, whatever it skips."""
    text = masking.normalise(text)
    text = masking._EMAIL.sub(lambda m: masking.mask_email(m.group(0)), text)
    text = masking._CURP.sub(masking._keep_last_four, text)
    text = masking._RFC.sub(masking._keep_last_four, text)
    text = masking._LONG_NUMBER.sub(masking._keep_last_four, text)
    return masking._SHORT_NUMBER.sub(lambda m: "*" * len(m.group(0)), text)


_PIECES = st.sampled_from(
    ["7 "] * 4 + ["7-", "7-", "7.", "7.", "7\n", "7", " ", "a", "@", "+", "*", "777777",
                  "GODE", "H", "DFRRN", "x.mx"])
"""Digits with and without one separator after them, so runs like "5 5 1 2 3" come up, and
pieces of e-mail addresses, CURPs and RFCs."""


@given(st.lists(_PIECES, min_size=1, max_size=24).map("".join))
def test_the_quick_looks_never_let_through_text_that_needs_masking(text: str) -> None:
    assert mask_text(text) == _five_passes(text)



def _char_by_char(text: str) -> str:
    """``normalise`` as written before each character's plain form was remembered."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = "".join(masking._plain(char) for char in text).translate(masking._DOTS)
    if "  " in text or "\t" in text:
        text = masking._SPACES.sub(" ", text)
    if "@" in text:
        text = masking._AROUND_AT.sub("@", text)
    return text


@given(st.text(max_size=40))
def test_remembered_characters_read_as_each_one_worked_out(text: str) -> None:
    assert masking.normalise(text) == _char_by_char(text)
    assert masking.normalise(text + "é") == _char_by_char(text + "é")


def test_text_of_every_character_does_not_grow_the_memo_past_its_limit() -> None:
    everything = "".join(chr(code) for code in range(0x80, 0x30000)
                         if not 0xD800 <= code < 0xE000)
    assert masking.normalise(everything) == _char_by_char(everything)
    assert len(masking._PLAIN) <= masking._PlainTable.LIMIT
