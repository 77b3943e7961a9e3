"""The fake WhatsApp Cloud API server, driven with a plain aiohttp client."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import ClientSession, FormData, web

from tests.fakes.graph_server import GraphServer
from tests.fakes.graph_validation import TemplateSpec
from tests.fakes.webhook_receiver import Received, WebhookReceiver

USER = "+5215512345678"
WA_ID = "5215512345678"
SECRET = "app-secret-for-tests"
Payload = dict[str, Any]


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    async with WebhookReceiver("/webhooks/whatsapp") as server:
        yield server


@pytest.fixture
async def wa(receiver: WebhookReceiver) -> AsyncIterator[GraphServer]:
    async with GraphServer(webhook_url=receiver.webhook_url, app_secret=SECRET,
                           templates={"recordatorio_cita"}) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


class Api:
    def __init__(self, wa: GraphServer, http: ClientSession) -> None:
        self.wa, self.http = wa, http

    async def post(self, payload: Any, *, token: str | None = "default",
                   url: str | None = None) -> tuple[int, Payload]:
        headers = {} if token is None else {
            "Authorization": f"Bearer {self.wa.access_token if token == 'default' else token}"}
        async with self.http.post(url or self.wa.messages_url, json=payload,
                                  headers=headers) as response:
            return response.status, await response.json()


@pytest.fixture
def api(wa: GraphServer, http: ClientSession) -> Api:
    return Api(wa, http)


def text(body: str = "Hola", to: str = USER) -> Payload:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
            "type": "text", "text": {"body": body}}


def buttons(*titles: str, body: str = "¿Qué deseas hacer?") -> Payload:
    return {"messaging_product": "whatsapp", "to": USER, "type": "interactive",
            "interactive": {"type": "button", "body": {"text": body},
                            "action": {"buttons": [{"type": "reply",
                                                    "reply": {"id": f"b{i}", "title": t}}
                                                   for i, t in enumerate(titles)]}}}


def listing(rows: int = 3, sections: int = 1) -> Payload:
    return {"messaging_product": "whatsapp", "to": USER, "type": "interactive",
            "interactive": {"type": "list", "body": {"text": "Elige una opción"},
                            "footer": {"text": "Mi Cuenta"},
                            "action": {"button": "Ver opciones", "sections": [
                                {"title": f"Sección {s}", "rows": [
                                    {"id": f"r{s}-{r}", "title": f"Opción {r}",
                                     "description": "desc"} for r in range(rows)]}
                                for s in range(sections)]}}}


def template() -> Payload:
    return {"messaging_product": "whatsapp", "to": USER, "type": "template",
            "template": {"name": "recordatorio_cita", "language": {"code": "es_MX"},
                         "components": [{"type": "body",
                                         "parameters": [{"type": "text", "text": "10:00"}]}]}}


def verified(received: Received, secret: str = SECRET) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(received.headers.get("X-Hub-Signature-256", ""), expected)


def mutate(payload: Payload, change: Callable[[Payload], None]) -> Payload:
    result = copy.deepcopy(payload)
    change(result)
    return result


async def test_bearer_token_is_required(api: Api, wa: GraphServer) -> None:
    wa.open_window(USER)
    for token, message in ((None, "An access token is required to request this resource."),
                           ("wrong", "Invalid OAuth access token - Cannot parse access token")):
        status, body = await api.post(text(), token=token)
        assert status == 401
        assert body["error"]["code"] == 190 and body["error"]["type"] == "OAuthException"
        assert body["error"]["message"] == message and body["error"]["fbtrace_id"]
    status, body = await api.post(text(), url=f"{wa.url}/v19.0/{wa.phone_number_id}/messages")
    assert (status, body["error"]["code"]) == (400, 2500)
    status, body = await api.post(text(), url=f"{wa.api_url}/000/messages")
    assert (status, body["error"]["code"], body["error"]["error_subcode"]) == (400, 100, 33)
    assert wa.sent == []
    status, body = await api.post(text())
    assert status == 200
    assert wa.requests[-1].authorization == f"Bearer {wa.access_token}"


async def test_accepted_message_answer_and_record(api: Api, wa: GraphServer) -> None:
    wa.open_window(USER)
    status, body = await api.post(text("Hola Ana"))
    assert status == 200
    assert body["messaging_product"] == "whatsapp"
    assert body["contacts"] == [{"input": USER, "wa_id": WA_ID}]
    assert body["messages"][0]["id"].startswith("wamid.")
    await api.post(buttons("Saldo", "Citas", "Ayuda"))
    await api.post(listing(rows=4))
    seen = wa.messages_to(WA_ID)
    assert [(m.type, m.text) for m in seen] == [("text", "Hola Ana"),
                                                 ("interactive", "¿Qué deseas hacer?"),
                                                 ("interactive", "Elige una opción")]
    assert seen[1].buttons == [("b0", "Saldo"), ("b1", "Citas"), ("b2", "Ayuda")]
    assert seen[2].list_button == "Ver opciones" and seen[2].footer == "Mi Cuenta"
    assert [r.id for r in seen[2].rows] == ["r0-0", "r0-1", "r0-2", "r0-3"]
    assert seen[2].options == ["Opción 0", "Opción 1", "Opción 2", "Opción 3"]
    assert len({m.wamid for m in seen}) == 3


def _set(path: str, value: Any) -> Callable[[Payload], None]:
    def change(payload: Payload) -> None:
        *parents, last = path.split(".")
        node: Any = payload
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is _DELETE:
            del node[last]
        elif last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value
    return change


_DELETE = object()
BUTTON = "interactive.action.buttons"
ROW = "interactive.action.sections.0.rows.0"
INVALID: list[tuple[str, Payload, str]] = [
    ("no product", mutate(text(), _set("messaging_product", _DELETE)),
     "The parameter messaging_product is required."),
    ("no plus", mutate(text(), _set("to", WA_ID)), "E.164"),
    ("local number", mutate(text(), _set("to", "+55123")), "E.164"),
    ("long text", text("x" * 4097), "text['body'] must be at most 4096"),
    ("4 buttons", buttons("a", "b", "c", "d"), "at most 3 elements"),
    ("long title", buttons("x" * 21), "Button title length invalid"),
    ("same titles", buttons("Sí", "Sí"), "Button titles must be unique"),
    ("long id", mutate(buttons("a"), _set(f"{BUTTON}.0.reply.id", "i" * 257)),
     "Button id length invalid"),
    ("long body", buttons("a", body="x" * 1025), "interactive['body']['text'] must be at most"),
    ("long footer", mutate(buttons("a"), _set("interactive.footer", {"text": "f" * 61})),
     "interactive['footer']['text'] must be at most 60"),
    ("11 rows", listing(rows=11), "Total row count exceed max allowed count: 10"),
    ("11 rows over sections", listing(rows=1, sections=11), "Too many sections"),
    ("6+6 rows", listing(rows=6, sections=2), "Total row count exceed"),
    ("long row title", mutate(listing(), _set(f"{ROW}.title", "t" * 25)),
     "Row title length invalid"),
    ("long description", mutate(listing(), _set(f"{ROW}.description", "d" * 73)),
     "Row description length invalid"),
    ("long row id", mutate(listing(), _set(f"{ROW}.id", "i" * 201)), "Row id length invalid"),
    ("long section title", mutate(listing(), _set("interactive.action.sections.0.title",
                                                  "s" * 25)), "Section title length invalid"),
    ("long list button", mutate(listing(), _set("interactive.action.button", "b" * 21)),
     "Button label length invalid"),
    ("unknown document", {"messaging_product": "whatsapp", "to": USER, "type": "document",
                          "document": {"id": "123", "filename": "a.pdf"}},
     "document['id'] must be a media id"),
    ("template without name", mutate(template(), _set("template.name", _DELETE)),
     "template['name'] is required"),
    ("template without language", mutate(template(), _set("template.language", _DELETE)),
     "template['language']['code'] is required"),
]


@pytest.mark.parametrize(("payload", "details"), [(p, d) for _, p, d in INVALID],
                         ids=[name for name, _, _ in INVALID])
async def test_invalid_payloads_get_code_100(
    api: Api, wa: GraphServer, payload: Payload, details: str
) -> None:
    wa.open_window(USER)
    status, body = await api.post(payload)
    assert status == 400
    error = body["error"]
    assert (error["code"], error["message"]) == (100, "(#100) Invalid parameter")
    assert details in error["error_data"]["details"]
    assert wa.sent == []


async def test_limits_themselves_are_accepted(api: Api, wa: GraphServer) -> None:
    wa.open_window(USER)
    edge = [text("x" * 4096), buttons("a" * 20, "b", "c", body="x" * 1024), listing(rows=10),
            listing(rows=5, sections=2),
            mutate(listing(rows=1), _set(ROW, {"id": "i" * 200, "title": "t" * 24,
                                                "description": "d" * 72}))]
    for payload in edge:
        status, body = await api.post(payload)
        assert status == 200, body


async def test_unknown_template_is_132001(api: Api, wa: GraphServer) -> None:
    status, body = await api.post(mutate(template(), _set("template.name", "nope")))
    assert (status, body["error"]["code"]) == (400, 132001)


def with_buttons(text: str, *payloads: str, start: int = 0) -> Payload:
    return {"messaging_product": "whatsapp", "to": USER, "type": "template",
            "template": {"name": "mc_opciones", "language": {"code": "es_MX"}, "components": [
                {"type": "body", "parameters": [{"type": "text", "text": text}]},
                *({"type": "button", "sub_type": "quick_reply", "index": str(index),
                   "parameters": [{"type": "payload", "payload": payload}]}
                  for index, payload in enumerate(payloads, start=start))]}}


@pytest.mark.parametrize(("payload", "code"), [
    (with_buttons("Elige: 1) Sí 2) No", "yes", "no"), None),
    (with_buttons("x" * 825, "yes"), 132005),  # 200 of its own text + 825 > 1,024
    (with_buttons("Elige", "a", "b", "c", "d"), 132012),  # it has three buttons
    (with_buttons("Elige", "a", start=5), 132012),
    (mutate(with_buttons("Elige", "a"), _set("template.components.1.sub_type", "url")), 100),
    (mutate(with_buttons("Elige", "a"), _set("template.components.1.index", 0)), 100),
    (with_buttons("Elige", "p" * 129), 100),
    (mutate(with_buttons("Elige", "a"), _set("template.components.0.parameters",
                                             [])), 132000),
    (with_buttons("Elige:\n1) Sí", "a"), 100),
])
async def test_templates_are_checked_against_what_was_approved(
        api: Api, wa: GraphServer, payload: Payload, code: int | None) -> None:
    wa.templates = {"mc_opciones": TemplateSpec(parameters=1, text_chars=200, quick_replies=3)}
    status, body = await api.post(payload)
    assert (body.get("error") or {}).get("code") == code, body
    assert (status == 200) == (code is None)


async def test_24_hour_window(api: Api, wa: GraphServer) -> None:
    status, body = await api.post(text())
    assert status == 400
    assert body["error"]["code"] == 131047
    assert body["error"]["message"] == "(#131047) Re-engagement message"
    status, body = await api.post(template())
    assert status == 200 and body["messages"][0]["id"].startswith("wamid.")
    delivery = await wa.deliver(wa.inbound.text(USER, "hola"))
    assert delivery.ok and wa.in_window(USER)
    assert (await api.post(text()))[0] == 200
    wa.clock.advance(24 * 3600 + 1)
    assert (await api.post(text()))[1]["error"]["code"] == 131047
    assert (await api.post(template()))[0] == 200
    assert [m.type for m in wa.messages_to(USER)] == ["template", "text", "template"]


async def test_window_failure_as_status_webhook(
    receiver: WebhookReceiver, http: ClientSession
) -> None:
    async with GraphServer(webhook_url=receiver.webhook_url, app_secret=SECRET,
                           window_failure="status") as wa:
        status, body = await Api(wa, http).post(text())
        assert status == 200
        await wa.drain()
        wamid = body["messages"][0]["id"]
        (delivered,) = receiver.bodies()
        (status_item,) = delivered["entry"][0]["changes"][0]["value"]["statuses"]
        assert (status_item["id"], status_item["status"]) == (wamid, "failed")
        assert status_item["errors"][0]["code"] == 131047
        assert wa.messages_to(USER) == []
        assert wa.messages_to(USER, include_failed=True)[0].failed_code == 131047


async def test_throttling_injection(api: Api, wa: GraphServer) -> None:
    wa.open_window(USER)
    wa.inject_throughput_limit(count=2)
    for _ in range(2):
        status, body = await api.post(text())
        assert (status, body["error"]["code"]) == (400, 130429)
        assert body["error"]["message"] == "(#130429) Rate limit hit"
    assert (await api.post(text()))[0] == 200
    other = "+5215587654321"
    wa.open_window(other)
    wa.inject_pair_limit(to=USER)
    assert (await api.post(text(to=other)))[0] == 200
    assert (await api.post(text()))[1]["error"]["code"] == 131056
    wa.inject_server_error(count=2, status=503)
    for _ in range(2):
        status, body = await api.post(text())
        assert (status, body["error"]["code"]) == (503, 2)
    assert (await api.post(text()))[0] == 200
    assert len(wa.messages_to(USER)) == 2


async def test_automatic_rate_limits(api: Api, wa: GraphServer) -> None:
    wa.open_window(USER)
    wa.set_rate_limits(pair_interval=60, pair_burst=2)
    codes = [(await api.post(text()))[1].get("error", {}).get("code") for _ in range(3)]
    assert codes == [None, None, 131056]
    wa.set_rate_limits(throughput_per_second=1, throughput_burst=1)
    assert (await api.post(text()))[0] == 200
    assert (await api.post(text()))[1]["error"]["code"] == 130429


async def test_media_upload_and_document(api: Api, wa: GraphServer, http: ClientSession) -> None:
    wa.open_window(USER)
    form = FormData()
    form.add_field("messaging_product", "whatsapp")
    form.add_field("type", "application/pdf")
    form.add_field("file", b"%PDF-1.7 estado", filename="estado.pdf",
                   content_type="application/pdf")
    headers = {"Authorization": f"Bearer {wa.access_token}"}
    async with http.post(wa.media_url, data=form, headers=headers) as response:
        assert response.status == 200
        media_id = (await response.json())["id"]
    assert wa.uploads[media_id].data == b"%PDF-1.7 estado"
    assert wa.uploads[media_id].filename == "estado.pdf"
    document = {"messaging_product": "whatsapp", "to": USER, "type": "document",
                "document": {"id": media_id, "filename": "estado.pdf", "caption": "Tu estado"}}
    assert (await api.post(document))[0] == 200
    (seen,) = wa.messages_to(USER)
    assert (seen.type, seen.filename, seen.text, seen.media_id) == (
        "document", "estado.pdf", "Tu estado", media_id)
    status, body = await api.post(mutate(document, _set("document.caption", "c" * 1025)))
    assert status == 400 and "caption" in body["error"]["error_data"]["details"]
    missing = FormData()
    missing.add_field("messaging_product", "whatsapp")
    missing.add_field("type", "application/pdf")
    async with http.post(wa.media_url, data=missing, headers=headers) as response:
        assert response.status == 400
        assert (await response.json())["error"]["code"] == 100


async def test_read_marks(api: Api, wa: GraphServer) -> None:
    message = wa.inbound.text(USER, "hola")
    await wa.deliver(message)
    mark = {"messaging_product": "whatsapp", "status": "read", "message_id": message["id"],
            "typing_indicator": {"type": "text"}}
    assert await api.post(mark) == (200, {"success": True})
    assert [(r.message_id, r.typing_indicator) for r in wa.read_marks] == [(message["id"], True)]
    status, body = await api.post({**mark, "message_id": "wamid.unknown"})
    assert (status, body["error"]["code"]) == (400, 100)
    assert wa.sent == []


async def test_delivered_webhook_is_signed_and_shaped(
    wa: GraphServer, receiver: WebhookReceiver
) -> None:
    message = wa.inbound.text(USER, "¿Cuánto tengo?", name="Ana López")
    delivery = await wa.deliver(message)
    assert delivery.statuses == [200]
    (got,) = receiver.received
    assert verified(got)
    assert got.headers["Content-Type"] == "application/json"
    assert b"\\u00bfCu\\u00e1nto" in got.body  # Meta escapes non-ASCII: verify on raw bytes
    payload = json.loads(got.body)
    assert payload["object"] == "whatsapp_business_account"
    value = payload["entry"][0]["changes"][0]["value"]
    assert payload["entry"][0]["changes"][0]["field"] == "messages"
    assert value["messaging_product"] == "whatsapp"
    assert value["metadata"] == {"display_phone_number": wa.display_phone_number,
                                 "phone_number_id": wa.phone_number_id}
    assert value["contacts"] == [{"profile": {"name": "Ana López"}, "wa_id": WA_ID}]
    (sent,) = value["messages"]
    assert (sent["from"], sent["type"], sent["text"]) == (WA_ID, "text",
                                                           {"body": "¿Cuánto tengo?"})
    assert isinstance(sent["timestamp"], str) and sent["timestamp"].isdigit()
    assert sent["id"] == message["id"]


@pytest.mark.parametrize("mode", ["forged", "missing", "altered", "wrong_prefix", "empty"])
async def test_bad_signatures(wa: GraphServer, receiver: WebhookReceiver, mode: Any) -> None:
    receiver.default_status = 403
    delivery = await wa.deliver(wa.inbound.text(USER, "hola"), signature=mode)
    assert delivery.statuses == [403]
    (got,) = receiver.received
    assert not verified(got)
    assert not wa.in_window(USER)


async def test_batching(wa: GraphServer, receiver: WebhookReceiver, api: Api) -> None:
    wa.open_window(USER)
    _, body = await api.post(text())
    wamid = body["messages"][0]["id"]
    other = "+5215587654321"
    m1, m2 = wa.inbound.text(USER, "uno"), wa.inbound.text(other, "dos", name="Luis")
    m3 = wa.inbound.button_reply(USER, "b0", "Saldo")
    payload = wa.envelope(wa.entry(wa.change(m1, m2, wa.status(wamid, "sent")),
                                   wa.change(wa.status(wamid, "delivered"))),
                          wa.entry(wa.change(m3)))
    assert (await wa.deliver_payload(payload)).ok
    (got,) = receiver.received
    assert verified(got)
    body = json.loads(got.body)
    assert [len(e["changes"]) for e in body["entry"]] == [2, 1]
    first = body["entry"][0]["changes"][0]["value"]
    assert [m["id"] for m in first["messages"]] == [m1["id"], m2["id"]]
    assert [c["wa_id"] for c in first["contacts"]] == [WA_ID, "5215587654321"]
    assert first["statuses"][0]["status"] == "sent"
    assert body["entry"][1]["changes"][0]["value"]["messages"][0]["interactive"] == {
        "type": "button_reply", "button_reply": {"id": "b0", "title": "Saldo"}}
    assert m3["context"]["id"] == wamid


async def test_redelivery_on_errors_and_slow_answers(
    wa: GraphServer, receiver: WebhookReceiver
) -> None:
    receiver.answer(500, 502)
    message = wa.inbound.text(USER, "hola")
    assert (await wa.deliver(message)).statuses == [500, 502, 200]
    receiver.slow(0.3)
    wa.slow_threshold = 0.1
    slow = await wa.deliver(message)
    assert slow.statuses == [None, 200] and slow.attempts[0].error == "timeout"
    receiver.default_status = 500
    bounded = await wa.deliver(message)
    assert bounded.statuses == [500, 500, 500] and not bounded.ok
    assert all(verified(r) for r in receiver.received)


async def test_duplicates(wa: GraphServer, receiver: WebhookReceiver) -> None:
    message = wa.inbound.text(USER, "hola")
    await wa.deliver(message)
    await wa.redeliver(message["id"])
    copies = await wa.deliver_concurrently(message, copies=3)
    assert all(c.ok for c in copies)
    ids = [b["entry"][0]["changes"][0]["value"]["messages"][0]["id"] for b in receiver.bodies()]
    assert ids == [message["id"]] * 5
    assert len({r.body for r in receiver.received[2:]}) == 1


async def test_status_webhooks(wa: GraphServer, receiver: WebhookReceiver, api: Api) -> None:
    wa.open_window(USER)
    wamid = (await api.post(text()))[1]["messages"][0]["id"]

    def statuses() -> list[Payload]:
        return [s for b in receiver.bodies() for e in b["entry"] for c in e["changes"]
                for s in c["value"].get("statuses", [])]

    await wa.deliver_statuses(wamid, ["sent", "delivered", "read"])
    await wa.deliver_statuses(wamid, ["read", "sent"])
    await wa.deliver_statuses(wamid, ["sent", "read"], together=True)
    await wa.deliver(wa.failed(wamid, 131026))
    assert [s["status"] for s in statuses()] == ["sent", "delivered", "read", "read", "sent",
                                                 "sent", "read", "failed"]
    assert len(receiver.received) == 7
    assert all(s["id"] == wamid and s["recipient_id"] == WA_ID for s in statuses())
    failed = statuses()[-1]
    assert failed["errors"][0]["code"] == 131026
    assert failed["errors"][0]["title"] == "Message undeliverable"
    assert statuses()[0]["conversation"]["origin"] == {"type": "service"}


async def test_verification_handshake(wa: GraphServer, receiver: WebhookReceiver) -> None:
    def answer(request: web.Request) -> web.Response:
        query = request.query
        if (query.get("hub.mode") == "subscribe"
                and query.get("hub.verify_token") == wa.verify_token):
            return web.Response(text=query["hub.challenge"])
        return web.Response(status=403)

    receiver.answer_get = answer
    result = await wa.verify()
    assert result.ok and result.text == "1158201444"
    assert not (await wa.verify(verify_token="wrong")).ok
    assert (await wa.verify(verify_token="wrong")).status == 403
    assert receiver.received[0].query["hub.mode"] == "subscribe"


async def test_inbound_builders(wa: GraphServer, api: Api) -> None:
    built = [wa.inbound.text(USER, "hola"),
             wa.inbound.list_reply(USER, "r1", "Citas", "Agenda una cita", context="wamid.X"),
             wa.inbound.image(USER, caption="foto"), wa.inbound.sticker(USER),
             wa.inbound.location(USER, name="Oficina"), wa.inbound.audio(USER)]
    assert len({m["id"] for m in built}) == len(built)
    assert all(m["timestamp"].isdigit() and m["from"] == WA_ID for m in built)
    assert built[1]["interactive"]["list_reply"] == {"id": "r1", "title": "Citas",
                                                     "description": "Agenda una cita"}
    assert built[1]["context"] == {"from": wa.display_phone_number, "id": "wamid.X"}
    assert [m["type"] for m in built[2:]] == ["image", "sticker", "location", "audio"]
    assert built[5]["audio"]["voice"] is True
    old = wa.inbound.text(USER, "ayer", timestamp=1_700_000_000)
    assert old["timestamp"] == "1700000000"
