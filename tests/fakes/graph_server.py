"""A local WhatsApp Cloud API (Graph API) server for tests: `/messages` and `/media` with Bearer
checks and limit validation, the 24-hour window, injected throttling, and signed webhook
deliveries (batched, duplicated, forged) to our service.

    async with GraphServer(webhook_url=f"{our_url}/webhooks/whatsapp") as wa:
        settings = {"MICUENTA_WHATSAPP_API_URL": wa.api_url, ...}
        await wa.deliver(wa.inbound.text("+5215512345678", "hola"))
        assert wa.messages_to("5215512345678")[0].text == "..."
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from aiohttp import ClientTimeout, web

from tests.fakes.fake_base import FakeServer, Rule, RuleQueue, TokenBucket, ensure_loopback
from tests.fakes.fake_base import post_with_retries as _post
from tests.fakes.graph_errors import (
    GraphApiError,
    bad_token,
    invalid_parameter,
    known_error,
    server_error,
    unknown_object,
    unknown_path,
)
from tests.fakes.graph_media import check_upload
from tests.fakes.graph_records import (
    GraphRequest,
    MediaUpload,
    OutboundMessage,
    ReadMark,
    VerifyResult,
    WebhookDelivery,
)
from tests.fakes.graph_validation import TemplateSpec, validate_message
from tests.fakes.graph_webhooks import (
    BSUID,
    InboundFactory,
    SignatureMode,
    StatusName,
    build_status,
    change_value,
    encode,
    new_wamid,
    signed,
    wa_id_of,
)

WINDOW_SECONDS = 24 * 3600


class GraphServer(FakeServer):
    def __init__(
        self,
        *,
        access_token: str = "EAAG-test-access-token",
        phone_number_id: str = "109876543210001",
        display_phone_number: str = "15550001234",
        waba_id: str = "102030405060708",
        version: str = "v25.0",
        app_secret: str = "test-app-secret",
        verify_token: str = "test-verify-token",
        webhook_url: str | None = None,
        window_failure: Literal["response", "status", "status_first"] = "response",
        templates: Iterable[str] | Mapping[str, TemplateSpec] | None = None,
        delivery_attempts: int = 3,
        delivery_backoff: Sequence[float] = (0.01, 0.02, 0.05),
        slow_threshold: float = 1.0,
        clock: Callable[[], float] | None = None,
        port: int = 0,
    ) -> None:
        super().__init__(port=port, clock=clock)
        self.access_token = access_token
        self.phone_number_id = phone_number_id
        self.display_phone_number = display_phone_number
        self.waba_id = waba_id
        self.version = version
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.webhook_url = webhook_url
        self.window_failure = window_failure
        self.templates: dict[str, TemplateSpec] | None = (
            None if templates is None else dict(templates) if isinstance(templates, Mapping)
            else {name: TemplateSpec() for name in templates})
        """Approved templates: a name alone is checked for its components' shape only."""
        self.delivery_attempts = delivery_attempts
        self.delivery_backoff = tuple(delivery_backoff)
        self.slow_threshold = slow_threshold
        self.requests: list[GraphRequest] = []
        self.sent: list[OutboundMessage] = []
        self._sent_by_wamid: dict[str, OutboundMessage] = {}
        self.read_marks: list[ReadMark] = []
        self.uploads: dict[str, MediaUpload] = {}
        self.deliveries: list[WebhookDelivery] = []
        self.last_inbound: dict[str, float] = {}
        self.inbound = InboundFactory(self.clock, self._last_sent_to, display_phone_number)
        self._faults: RuleQueue[GraphApiError] = RuleQueue()
        self._delays: RuleQueue[float] = RuleQueue()
        self._next_media = 1
        self.set_rate_limits()

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=100 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._handle)
        return app

    @property
    def api_url(self) -> str:
        """What MICUENTA_WHATSAPP_API_URL should be (version pinned)."""
        return f"{self.url}/{self.version}"

    @property
    def messages_url(self) -> str:
        return f"{self.api_url}/{self.phone_number_id}/messages"

    @property
    def media_url(self) -> str:
        return f"{self.api_url}/{self.phone_number_id}/media"

    @property
    def metadata(self) -> dict[str, str]:
        return {"display_phone_number": self.display_phone_number,
                "phone_number_id": self.phone_number_id}

    def configure_webhook(self, url: str, *, app_secret: str | None = None,
                          verify_token: str | None = None) -> None:
        self.webhook_url = url
        self.app_secret = app_secret or self.app_secret
        self.verify_token = verify_token or self.verify_token

    # -- the API ----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        record = GraphRequest(request.method, request.path, request.headers.get("Authorization"),
                              request.content_type, None, {}, {}, self.clock.now())
        self.requests.append(record)
        try:
            result = await self._route(request, record)
            record.status = 200
        except GraphApiError as error:
            result, record.status = error.body(), error.status
        record.response = result
        return web.json_response(result, status=record.status)

    async def _route(self, request: web.Request, record: GraphRequest) -> dict[str, Any]:
        parts = request.path.strip("/").split("/")
        if request.method != "POST" or len(parts) != 3 or parts[2] not in ("messages", "media"):
            raise unknown_path(request.path)
        if parts[0] != self.version:
            raise unknown_path(request.path)
        auth = record.authorization
        if not auth:
            raise bad_token(missing=True)
        if auth != f"Bearer {self.access_token}":
            raise bad_token(missing=False)
        if parts[1] != self.phone_number_id:
            raise unknown_object(parts[1])
        if parts[2] == "media":
            return await self._media(request, record)
        try:
            record.json = await request.json()
        except ValueError as exc:
            raise invalid_parameter("Request body is not valid JSON") from exc
        body = record.json if isinstance(record.json, dict) else {}
        if "status" not in body:  # injected failures hit sends, not read marks
            to = body.get("to")
            key = wa_id_of(to) if isinstance(to, str) else None
            delay = self._delays.take("messages", key)
            if delay:
                await asyncio.sleep(delay)
            fault = self._faults.take("messages", key)
            if fault is not None:
                raise fault
        kind = validate_message(record.json, media_ids=self.uploads, templates=self.templates)
        if kind == "read":
            return self._read(record.json)
        message, answer = self._send(record.json, kind)
        if message.failed_code is not None and self.webhook_url is not None:
            report = self.deliver(self.failed(message.wamid, message.failed_code))
            if self.window_failure == "status_first":  # the failure outruns the answer
                await report
            else:
                self.spawn(report)
        return answer

    def _read(self, payload: dict[str, Any]) -> dict[str, Any]:
        if payload["message_id"] not in self.inbound.by_wamid:
            raise invalid_parameter(f"Param message_id is not a received message: "
                                    f"{payload['message_id']!r}")
        self.read_marks.append(ReadMark(payload["message_id"], "typing_indicator" in payload,
                                        self.clock.now()))
        return {"success": True}

    def _send(self, payload: dict[str, Any], kind: str) -> tuple[OutboundMessage, dict[str, Any]]:
        group = payload.get("recipient_type") == "group"
        to = "group:" + payload["to"] if group else payload.get("to") or payload["recipient"]
        wa_id = wa_id_of(to)
        if self._throughput is not None and self._throughput.take():
            raise known_error(130429)
        if self._pair_rate is not None:
            bucket = self._pair_buckets.get(wa_id)
            if bucket is None:
                bucket = self._pair_buckets[wa_id] = TokenBucket(*self._pair_rate)
            if bucket.take():
                raise known_error(131056)
        message = OutboundMessage(new_wamid(), to, wa_id, kind, payload, self.clock.now())
        if kind != "template" and not group and not self.in_window(wa_id):
            if self.window_failure == "response":
                raise known_error(131047)
            message.failed_code = 131047
        self.sent.append(message)
        self._sent_by_wamid[message.wamid] = message
        contact = {"input": to, ("user_id" if BSUID.fullmatch(to) else "wa_id"): wa_id}
        return message, {"messaging_product": "whatsapp", "contacts": [contact],
                         "messages": [{"id": message.wamid}]}

    async def _media(self, request: web.Request, record: GraphRequest) -> dict[str, Any]:
        if request.content_type != "multipart/form-data":
            raise invalid_parameter("Upload the file as multipart/form-data")
        upload: web.FileField | None = None
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                upload = value if name == "file" else upload
                record.files[name] = value.filename
            else:
                record.form[name] = value if isinstance(value, str) else bytes(value).decode()
        if record.form.get("messaging_product") != "whatsapp":
            raise invalid_parameter("The parameter messaging_product is required.")
        if upload is None:
            raise invalid_parameter("The parameter file is required.")
        if not record.form.get("type"):
            raise invalid_parameter("The parameter type is required.")
        data = upload.file.read()
        upload.file.close()
        check_upload(record.form["type"], data)
        media_id = str(1_037_543_291_543_000 + self._next_media)
        self._next_media += 1
        self.uploads[media_id] = MediaUpload(media_id, upload.filename, record.form["type"],
                                             data)
        return {"id": media_id}

    # -- the 24-hour window -----------------------------------------------------------------

    def open_window(self, phone: str, at: float | None = None) -> None:
        """As if the user wrote at `at` (default now)."""
        self.last_inbound[wa_id_of(phone)] = self.clock.now() if at is None else at

    def in_window(self, phone: str) -> bool:
        last = self.last_inbound.get(wa_id_of(phone))
        return last is not None and self.clock.now() - last < WINDOW_SECONDS

    # -- injection --------------------------------------------------------------------------

    def inject_error(self, code: int, count: int | None = 1, *, to: str | None = None,
                     status: int = 400, details: str | None = None) -> None:
        """Answer the next `count` sends (to `to`, or any) with this error code."""
        error = known_error(code, status=status, details=details)
        self._faults.add(Rule(error, count, None, None if to is None else wa_id_of(to)))

    def inject_throughput_limit(self, count: int | None = 1, *, to: str | None = None) -> None:
        self.inject_error(130429, count, to=to)

    def inject_pair_limit(self, count: int | None = 1, *, to: str | None = None) -> None:
        self.inject_error(131056, count, to=to)

    def inject_server_error(self, count: int | None = 1, status: int = 500, *,
                            to: str | None = None) -> None:
        self._faults.add(Rule(server_error(status), count, None,
                              None if to is None else wa_id_of(to)))

    def inject_delay(self, seconds: float, count: int | None = 1, *,
                     to: str | None = None) -> None:
        self._delays.add(Rule(seconds, count, None, None if to is None else wa_id_of(to)))

    def set_rate_limits(self, *, throughput_per_second: float | None = None,
                        throughput_burst: int | None = None, pair_interval: float | None = None,
                        pair_burst: int = 1) -> None:
        """Automatic 130429 over the number's throughput and 131056 over one message per
        `pair_interval` seconds to one user (bursts of `pair_burst`). None switches off."""
        self._throughput = None if throughput_per_second is None else TokenBucket(
            throughput_per_second, throughput_burst or max(1, int(throughput_per_second)))
        self._pair_rate = None if pair_interval is None else (1 / pair_interval, pair_burst)
        self._pair_buckets: dict[str, TokenBucket] = {}

    def clear_injections(self) -> None:
        self._faults.clear()
        self._delays.clear()
        self.set_rate_limits()

    # -- webhooks to our service ------------------------------------------------------------

    def _last_sent_to(self, wa_id: str) -> str | None:
        return next((m.wamid for m in reversed(self.sent) if m.wa_id == wa_id), None)

    def change(self, *items: dict[str, Any]) -> dict[str, Any]:
        """One `entry[].changes[]` with these inbound messages and/or statuses."""
        return change_value(items, self.metadata, self.inbound.names)

    def entry(self, *changes: dict[str, Any]) -> dict[str, Any]:
        return {"id": self.waba_id, "changes": list(changes)}

    def envelope(self, *entries: dict[str, Any]) -> dict[str, Any]:
        return {"object": "whatsapp_business_account", "entry": list(entries)}

    def payload(self, *items: dict[str, Any]) -> dict[str, Any]:
        return self.envelope(self.entry(self.change(*items)))

    def status(self, wamid: str, status: StatusName, *, timestamp: int | None = None,
               error_code: int | None = None, details: str | None = None) -> dict[str, Any]:
        """A status for a message we sent (recipient looked up from the accepted send)."""
        sent = self._sent_by_wamid.get(wamid)
        recipient = sent.wa_id if sent else "0"
        return build_status(wamid, status, recipient,
                            int(self.clock.now()) if timestamp is None else timestamp,
                            error_code=error_code, details=details)

    def failed(self, wamid: str, code: int = 131026, details: str | None = None) -> dict[str, Any]:
        return self.status(wamid, "failed", error_code=code, details=details)

    def _track_window(self, payload: dict[str, Any]) -> None:
        for entry in payload.get("entry", []):
            for change in entry.get("changes", []):
                for message in change.get("value", {}).get("messages", []):
                    stamp = float(message.get("timestamp", self.clock.now()))
                    wa_id = str(message.get("from") or message.get("from_user_id"))
                    self.last_inbound[wa_id] = max(stamp, self.last_inbound.get(wa_id, 0.0))

    async def deliver_payload(
        self, payload: dict[str, Any] | bytes, *, signature: SignatureMode = "valid",
        max_attempts: int | None = None, slow_threshold: float | None = None,
    ) -> WebhookDelivery:
        """POST a whole envelope, signed per `signature`. Retries (valid signatures only, by
        default) on any non-200 answer or one slower than `slow_threshold` seconds."""
        if self.webhook_url is None:
            raise RuntimeError("configure_webhook(url) first")
        raw = payload if isinstance(payload, bytes) else encode(payload)
        if signature == "valid" and isinstance(payload, dict):
            self._track_window(payload)
        body, headers = signed(raw, self.app_secret, signature)
        delivery = WebhookDelivery(body, signature)
        self.deliveries.append(delivery)
        tries = max_attempts or (self.delivery_attempts if signature == "valid" else 1)
        delivery.attempts = await _post(
            self.session, self.webhook_url, body, headers, max_attempts=tries,
            backoff=self.delivery_backoff,
            answer_within=slow_threshold or self.slow_threshold,
            accept=lambda status: status == 200)
        return delivery

    async def deliver(self, *items: dict[str, Any], signature: SignatureMode = "valid",
                      max_attempts: int | None = None) -> WebhookDelivery:
        """Messages and/or statuses in one POST (one entry, one change)."""
        return await self.deliver_payload(self.payload(*items), signature=signature,
                                          max_attempts=max_attempts)

    async def deliver_concurrently(self, *items: dict[str, Any], copies: int = 3,
                                   **options: Any) -> list[WebhookDelivery]:
        """The same bytes `copies` times at once (Meta's duplicate deliveries)."""
        payload = self.payload(*items)
        return list(await asyncio.gather(
            *(self.deliver_payload(payload, **options) for _ in range(copies))))

    async def redeliver(self, wamid: str, **options: Any) -> WebhookDelivery:
        """Deliver an inbound message again (same wamid) in a fresh POST."""
        return await self.deliver(self.inbound.by_wamid[wamid], **options)

    async def deliver_statuses(self, wamid: str, sequence: Sequence[StatusName], *,
                               together: bool = False) -> list[WebhookDelivery]:
        """Statuses for one sent message in this order (e.g. ["read", "sent"] out of order,
        ["sent", "read"] skipping), one POST each or all in one POST."""
        statuses = [self.status(wamid, s) for s in sequence]
        if together:
            return [await self.deliver(*statuses)]
        return [await self.deliver(s) for s in statuses]

    async def verify(self, *, verify_token: str | None = None, mode: str = "subscribe",
                     challenge: str = "1158201444") -> VerifyResult:
        """Meta's GET handshake against our webhook URL; returns what we answered."""
        if self.webhook_url is None:
            raise RuntimeError("configure_webhook(url) first")
        ensure_loopback(self.webhook_url)
        params = {"hub.mode": mode, "hub.challenge": challenge,
                  "hub.verify_token": self.verify_token if verify_token is None else verify_token}
        async with self.session.get(self.webhook_url, params=params,
                                    timeout=ClientTimeout(total=5)) as response:
            return VerifyResult(response.status, await response.text(), challenge)

    # -- recording --------------------------------------------------------------------------

    def messages_to(self, phone: str, *, include_failed: bool = False) -> list[OutboundMessage]:
        """Accepted messages to this user in order: what they would see."""
        wa_id = wa_id_of(phone)
        return [m for m in self.sent
                if m.wa_id == wa_id and (include_failed or m.failed_code is None)]

    def requests_to(self, endpoint: Literal["messages", "media"]) -> list[GraphRequest]:
        return [r for r in self.requests if r.path.endswith(f"/{endpoint}")]

