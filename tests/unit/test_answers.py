"""The small readings of free text at account steps: yes/no, codes in sentences, "I forgot
it", "I have no account", "I mistyped it", identifiers inside a sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.nlu.answers import (
    BACK,
    CodeRequest,
    forgot_password,
    read_code,
    read_revision,
    read_sex,
    read_yes_no,
    wants_registration,
    wrong_address,
)
from domain.identifiers import (
    CurpLength,
    CurpNotInText,
    EmailMissingAt,
    EmailNotInText,
    NssLength,
    NssNotInText,
    PhoneLength,
    PhoneNotInText,
    RfcNotInText,
    find_curp,
    find_email,
    find_mobile,
    find_nss,
    find_rfc,
    parse_curp,
    parse_email,
    parse_mobile,
    parse_nss,
)


@pytest.mark.parametrize("text", ["si acepto", "si", "sí", "Sí.", "ok", "OK!", "1.", "1", "va",
                                  "sale", "de acuerdo", "claro", "yes", "sure", "acepto",
                                  "si, de acuerdo", "Claro que sí", "yes I accept", "simon",
                                  "sii", "aja", "👍", "ok, que sigue?", "si, y ahora que?"])
def test_yes(text: str) -> None:
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", ["no", "No.", "no acepto", "nel", "2", "2.", "nope",
                                  "no gracias", "I do not accept", "no, no acepto", "no lo quiero",
                                  "no me interesa"])
def test_no(text: str) -> None:
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", ["", None, "que es esto", "3", "mmm", "y si no acepto que pasa",
                                  "no entiendo", "no le entiendo", "no se", "no se que es eso",
                                  "no tengo rfc", "aun no lo leo", "no lo he leido",
                                  "y eso para que?", "i dont understand",
                                  "ok pero que dicen", "si pero que hacen con mis datos?",
                                  "ok but what does it say?", "sí, ¿y eso qué es?"])
def test_neither_yes_nor_no(text: str | None) -> None:
    assert read_yes_no(text) is None


@pytest.mark.parametrize(("text", "code"), [
    ("123456", "123456"), ("123 456", "123456"), ("123-456", "123456"),
    ("el codigo es 123 456", "123456"), ("mi código: 654321 gracias", "654321"),
])
def test_codes_alone_or_in_a_sentence(text: str, code: str) -> None:
    assert read_code(text).code == code


@pytest.mark.parametrize(("text", "typed"), [
    ("12345", 5), ("1234567", 7), ("es el 12345", 5), ("123 45", 5)])
def test_a_digit_short_or_over_is_no_code_to_try(text: str, typed: int) -> None:
    reading = read_code(text)
    assert reading.code is None and reading.request is CodeRequest.WRONG_LENGTH
    assert reading.typed == typed


@pytest.mark.parametrize(("text", "asked"), [
    ("no me llega el codigo", CodeRequest.RESEND), ("reenviar", CodeRequest.RESEND),
    ("no me ha llegado nada", CodeRequest.RESEND), ("mandame otro", CodeRequest.RESEND),
    ("I didn't get it", CodeRequest.RESEND), ("resend please", CodeRequest.RESEND),
    ("nada", CodeRequest.RESEND), ("ya espere y nada", CodeRequest.RESEND),
    ("mandamelo otra vez", CodeRequest.RESEND), ("its not coming", CodeRequest.RESEND),
    ("nothing yet", CodeRequest.RESEND), ("still nothing", CodeRequest.RESEND),
    ("todavia no me llega", CodeRequest.RESEND), ("it hasnt come", CodeRequest.RESEND),
    ("ya no quiero", CodeRequest.LEAVE), ("olvidalo", CodeRequest.LEAVE),
    ("never mind", CodeRequest.LEAVE),
    ("cual codigo?", CodeRequest.EXPLAIN), ("no entiendo", CodeRequest.EXPLAIN),
    ("donde viene el codigo", CodeRequest.EXPLAIN), ("what code", CodeRequest.EXPLAIN),
    ("espera", CodeRequest.NOT_A_CODE),
    ("ya casi", CodeRequest.NOT_A_CODE),
    ("mi cel es 5566667777", CodeRequest.NOT_A_CODE), ("5566667777", CodeRequest.NOT_A_CODE),
    ("nacido el 14/02/1961", CodeRequest.NOT_A_CODE),
    ("mi nss 24806184214", CodeRequest.NOT_A_CODE),
    ("LOHF920417MJCPRR04", CodeRequest.NOT_A_CODE),  # a CURP's date is glued to letters
])
def test_words_at_a_code_step(text: str, asked: CodeRequest) -> None:
    reading = read_code(text)
    assert reading.code is None and reading.request is asked


@pytest.mark.parametrize("text", ["no me acuerdo", "olvide mi contraseña", "Olvidé mi contraseña",
                                  "se me olvidó", "no recuerdo mi contraseña", "I forgot it",
                                  "forgot my password"])
def test_forgot_password(text: str) -> None:
    assert forgot_password(text)


@pytest.mark.parametrize("text", ["Tamarindo#Lluvia7", "", "hola"])
def test_not_forgot_password(text: str) -> None:
    assert not forgot_password(text)


@pytest.mark.parametrize("text", ["no tengo cuenta", "registrarme", "quiero crear mi cuenta",
                                  "soy nuevo", "sign up", "I don't have an account"])
def test_wants_registration(text: str) -> None:
    assert wants_registration(text)


@pytest.mark.parametrize("text", ["me equivoque", "me equivoqué de correo", "cambiar correo",
                                  "lo escribi mal", "wrong e-mail"])
def test_wrong_address(text: str) -> None:
    assert wrong_address(text)


def test_identifiers_inside_a_sentence() -> None:
    assert find_nss("mi nss es 0311 9283 525") == "0311 9283 525"
    assert find_nss("03119283525") == "03119283525"
    assert find_curp("mi curp es GAMA850101HDFRRN09 gracias") == "GAMA850101HDFRRN09"
    assert find_curp("GAMA850101HDFRRN09") == "GAMA850101HDFRRN09"
    assert find_rfc("el rfc: GAMA850101AB1") == "GAMA850101AB1"
    assert find_email("es luis@correo.com.") == "luis@correo.com"
    assert find_mobile("mi cel es 55 1234 5678") == "55 1234 5678"


@pytest.mark.parametrize(("find", "text", "error"), [
    (find_nss, "no lo se", NssNotInText),
    (find_nss, "what is that", NssNotInText),
    (find_curp, "me equivoque en la curp", CurpNotInText),
    (find_curp, "atras", CurpNotInText),
    (find_rfc, "cuanto tiempo tarda", RfcNotInText),
    (find_email, "no tengo correo", EmailNotInText),
    (find_email, "regresame", EmailNotInText),
    (find_mobile, "cinco cinco uno dos", PhoneNotInText),
])
def test_words_with_no_try_at_the_identifier(find: Callable[[str], str], text: str,
                                             error: type[Exception]) -> None:
    with pytest.raises(error):
        find(text)


@pytest.mark.parametrize(("text", "parse", "error", "params"), [
    ("mi nss es 0311 9283 52", parse_nss, NssLength, {"typed": 10, "needed": 11}),
    ("mi curp es LOHF920417MJCPRR0", parse_curp, CurpLength, {"typed": 17, "needed": 18}),
    ("mi cel es 55 1234 567", parse_mobile, PhoneLength, {"typed": 9, "needed": 10}),
    ("mariagmail.com", parse_email, EmailMissingAt, {}),
])
def test_a_mistyped_identifier_in_a_sentence_is_counted_alone(
        text: str, parse: Callable[[str], object], error: type[Exception],
        params: dict[str, int]) -> None:
    """The length told back is the identifier's, not the sentence's."""
    find = {parse_nss: find_nss, parse_curp: find_curp, parse_mobile: find_mobile,
            parse_email: find_email}[parse]
    with pytest.raises(error) as raised:
        parse(find(text))
    assert dict(getattr(raised.value, "params", {})) == params


FIELDS = {"nss": ("nss", "numero de seguridad social"), "curp": ("curp",),
          "mobile": ("celular", "numero"), "state": ("estado",), "day": ("dia", "fecha")}


@pytest.mark.parametrize(("text", "step"), [
    ("atras", BACK), ("regresame", BACK), ("me puedes regresar porfa", BACK),
    ("go back", BACK), ("me equivoque", BACK), ("ups me equivoque", BACK),
    ("me equivoque en la curp", "curp"), ("la curp estaba mal", "curp"),
    ("me equivoque de numero", "mobile"), ("cambiar el estado", "state"),
    ("mejor otro dia", "day"), ("wrong curp", "curp"),
    ("me equivoque en el numero de seguridad social", "nss"),
    ("me equivoque, mi curp es LOHF920417MJCPRR04", "curp"),
])
def test_going_back(text: str, step: str) -> None:
    assert read_revision(text, FIELDS) == step


@pytest.mark.parametrize("text", [
    "regresar al menu", "que es la curp", "no se mi curp", "mejor no", "hola",
    "LOHF920417MJCPRR04", "me equivoque en el rfc",  # a step this flow does not name
])
def test_not_going_back(text: str) -> None:
    assert read_revision(text, FIELDS) is None


@pytest.mark.parametrize(("text", "locale", "sex"), [
    ("masculino", "es_MX", "H"), ("varón", "es_MX", "H"), ("h", "es_MX", "H"),
    ("femenino", "es_MX", "M"), ("señora", "es_MX", "M"), ("m", "es_MX", "M"),
    ("male", "en", "H"), ("female", "en", "M"), ("m", "en", "H"), ("la verdad", "es_MX", None),
])
def test_the_sex_in_its_usual_words(text: str, locale: str, sex: str | None) -> None:
    assert read_sex(text, locale) == sex
