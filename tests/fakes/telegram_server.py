"""A local Telegram Bot API server for tests: `POST /bot<TOKEN>/<method>` with the real wire
format, limits, error bodies, injected failures, and update delivery to our webhook.

    async with TelegramServer() as tg:
        bot = telegram.Bot(tg.token, base_url=tg.base_url)
        ...
        assert [m.text for m in tg.messages_to(42)] == ["Hola"]
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.fake_base import Attempt, FakeServer, Rule, RuleQueue, TokenBucket
from tests.fakes.fake_base import post_with_retries as _post
from tests.fakes.telegram_groups import GroupUpdates
from tests.fakes.telegram_limits import (
    BLOCKED,
    MARKUP_UNPARSABLE,
    NOT_FOUND,
    UNAUTHORIZED,
    ApiError,
    bad_request,
    server_error,
    too_many_requests,
)
from tests.fakes.telegram_methods import BotApi, Params
from tests.fakes.telegram_polling import UpdateQueue, Webhook
from tests.fakes.telegram_records import (
    ApiCall,
    CallbackAnswer,
    ChatAction,
    ChatStore,
    SentMessage,
    UploadedFile,
)
from tests.fakes.telegram_updates import UpdateFactory

DEFAULT_TOKEN = "123456789:AAH-fake-token_for-local-tests-only"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_JSON_FIELDS = frozenset({"reply_markup", "entities", "caption_entities", "allowed_updates",
                          "link_preview_options", "reply_parameters", "commands", "scope", "media"})
_INT_FIELDS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout", "max_connections",
                         "cache_time", "message_thread_id", "reply_to_message_id", "user_id"})
_BOOL_FIELDS = frozenset({"disable_notification", "protect_content", "show_alert",
                          "drop_pending_updates", "disable_web_page_preview",
                          "allow_sending_without_reply", "disable_content_type_detection",
                          "allow_paid_broadcast"})
_NO_CHAT_METHODS = frozenset({"getme", "setwebhook", "deletewebhook", "getwebhookinfo",
                              "getupdates", "answercallbackquery", "setmycommands",
                              "getmycommands", "deletemycommands", "logout", "close"})
_INTEGER = re.compile(r"-?\d+")


@dataclass
class Delivery:
    """One update handed to our service: the webhook attempts, or queued for getUpdates."""

    update_id: int
    attempts: list[Attempt] = field(default_factory=list)
    queued: bool = False
    filtered: bool = False

    @property
    def ok(self) -> bool:
        return self.queued or any(a.ok for a in self.attempts)

    @property
    def statuses(self) -> list[int | None]:
        return [a.status for a in self.attempts]


def normalize(params: dict[str, Any]) -> Params:
    """Undo the form encoding PTB uses: JSON inside fields, numbers and booleans as text."""
    out: Params = {}
    for name, value in params.items():
        if isinstance(value, str):
            if name in _JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError as exc:
                    detail = MARKUP_UNPARSABLE if name == "reply_markup" else (
                        f"Bad Request: can't parse {name} JSON object")
                    raise bad_request(detail) from exc
            elif name in _INT_FIELDS and _INTEGER.fullmatch(value):
                value = int(value)
            elif name in _BOOL_FIELDS and value.lower() in ("true", "false"):
                value = value.lower() == "true"
        out[name] = value
    return out


async def read_params(request: web.Request) -> tuple[Params, dict[str, UploadedFile]]:
    """Form, multipart or JSON body (plus the query string), as typed parameters."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("Bad Request: can't parse JSON object") from exc
        if not isinstance(body, dict):
            raise bad_request("Bad Request: can't parse JSON object")
        raw.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(name, value.filename, value.content_type,
                                           value.file.read())
                value.file.close()
            else:
                raw[name] = value if isinstance(value, str) else bytes(value).decode()
    return normalize(raw), files


class TelegramServer(FakeServer):
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_first_name: str = "Mi Cuenta",
        bot_username: str = "micuenta_test_bot",
        flood_control: bool = False,
        delivery_attempts: int = 5,
        delivery_backoff: Sequence[float] = (0.01, 0.02, 0.05, 0.1),
        delivery_timeout: float = 5.0,
        clock: Callable[[], float] | None = None,
        port: int = 0,
    ) -> None:
        super().__init__(port=port, clock=clock)
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_user: dict[str, Any] = {
            "id": int(prefix) if prefix.isdigit() else 123456789, "is_bot": True,
            "first_name": bot_first_name, "username": bot_username, "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }
        self.store = ChatStore()
        self.queue = UpdateQueue()
        self.updates = UpdateFactory(self.store, self.clock)
        self.groups = GroupUpdates(self.store, self.clock, self.updates.next_update_id)
        self.api = BotApi(store=self.store, queue=self.queue, clock=self.clock,
                          bot_user=self.bot_user, flood=self._flood, closing=lambda: self.closing)
        self.calls: list[ApiCall] = []
        self.deliveries: list[Delivery] = []
        self.delivery_attempts = delivery_attempts
        self.delivery_backoff = tuple(delivery_backoff)
        self.delivery_timeout = delivery_timeout
        self.blocked: set[int] = set()
        self._faults: RuleQueue[ApiError] = RuleQueue()
        self._delays: RuleQueue[float] = RuleQueue()
        self._known_updates: dict[int, dict[str, Any]] = {}
        self.set_flood_control(flood_control)

    # -- wiring ---------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._handle)
        return app

    @property
    def base_url(self) -> str:
        """What PTB's `base_url` (MICUENTA_TELEGRAM_API_URL) should be: `<url>/bot`."""
        return f"{self.url}/bot"

    def method_url(self, method: str) -> str:
        return f"{self.url}/bot{self.token}/{method}"

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        token, _, method = path.removeprefix("bot").partition("/")
        if not path.startswith("bot") or not method or "/" in method:
            return web.json_response(ApiError(404, NOT_FOUND).body(), status=404)
        if token != self.token:
            return web.json_response(ApiError(401, UNAUTHORIZED).body(), status=401)
        found = self.api.methods.get(method.lower())
        if found is None:
            return web.json_response(ApiError(404, NOT_FOUND).body(), status=404)
        name, handler = found
        call = ApiCall(name, {}, {}, self.clock.now(), time.monotonic(), request.content_type)
        self.calls.append(call)
        try:
            call.params, call.files = await read_params(request)
            key = str(call.chat_id) if call.chat_id is not None else None
            delay = self._delays.take(name, key)
            if delay:
                await asyncio.sleep(delay)
            fault = self._faults.take(name, key)
            if fault is not None:
                raise fault
            if (name.lower() not in _NO_CHAT_METHODS and isinstance(call.chat_id, int)
                    and call.chat_id in self.blocked):
                raise ApiError(403, BLOCKED)
            result, description = await handler(call.params, call.files)
            body: dict[str, Any] = {"ok": True, "result": result}
            if description:
                body["description"] = description
            call.status = 200
        except ApiError as error:
            body, call.status = error.body(), error.status
        call.response = body
        return web.json_response(body, status=call.status)

    # -- injection --------------------------------------------------------------------------

    def inject_error(
        self,
        status: int,
        description: str,
        count: int | None = 1,
        *,
        parameters: dict[str, Any] | None = None,
        chat_id: int | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next `count` matching calls with this error (None: until cleared)."""
        key = None if chat_id is None else str(chat_id)
        self._faults.add(Rule(ApiError(status, description, parameters), count, method, key))

    def inject_rate_limit(
        self, retry_after: int = 1, count: int | None = 1, *, chat_id: int | None = None,
        method: str | None = None,
    ) -> None:
        """429 "Too Many Requests: retry after N" with parameters.retry_after = N."""
        error = too_many_requests(retry_after)
        self.inject_error(429, error.description, count, parameters=error.parameters,
                          chat_id=chat_id, method=method)

    def inject_server_error(
        self, count: int | None = 1, status: int = 502, *, chat_id: int | None = None,
        method: str | None = None,
    ) -> None:
        self.inject_error(status, server_error(status).description, count, chat_id=chat_id,
                          method=method)

    def inject_delay(
        self, seconds: float, count: int | None = 1, *, chat_id: int | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next `count` matching calls only after `seconds`."""
        key = None if chat_id is None else str(chat_id)
        self._delays.add(Rule(seconds, count, method, key))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: 403 "Forbidden: bot was blocked by the user"."""
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    def set_flood_control(
        self, enabled: bool = True, *, per_chat_rate: float = 1.0, per_chat_burst: int = 3,
        global_rate: float = 30.0, global_burst: int = 30,
    ) -> None:
        """Automatic 429s when one chat gets more than ~1 message/s or the bot ~30/s."""
        self.flood_control = enabled
        self._chat_rate = (per_chat_rate, per_chat_burst)
        self._chat_buckets: dict[int, TokenBucket] = {}
        self._global_bucket = TokenBucket(global_rate, global_burst)

    def clear_injections(self) -> None:
        self._faults.clear()
        self._delays.clear()
        self.blocked.clear()
        self.flood_control = False

    def _flood(self, method: str, chat_id: int) -> None:
        if not self.flood_control:
            return
        bucket = self._chat_buckets.get(chat_id)
        if bucket is None:
            bucket = self._chat_buckets[chat_id] = TokenBucket(*self._chat_rate)
        wait = bucket.take() or self._global_bucket.take()
        if wait:
            raise too_many_requests(max(1, math.ceil(wait)))

    # -- update delivery --------------------------------------------------------------------

    @property
    def webhook(self) -> Webhook | None:
        return self.queue.webhook

    def use_webhook(self, url: str, secret_token: str | None = None) -> None:
        """Set the webhook directly, as if our service had called setWebhook."""
        self.queue.set_webhook(Webhook(url, secret_token))

    def _remember(self, update: dict[str, Any]) -> None:
        self._known_updates[update["update_id"]] = update
        for key in ("message", "edited_message"):
            if isinstance(update.get(key), dict):
                self.store.remember_incoming(update[key])

    def enqueue(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (polling mode)."""
        self._remember(update)
        self.queue.push(update)

    async def deliver(
        self,
        update: dict[str, Any],
        *,
        secret_token: str | None = None,
        use_secret: bool = True,
        max_attempts: int | None = None,
    ) -> Delivery:
        """POST the update to the webhook set by our service (retrying non-2xx), or queue it
        for getUpdates when no webhook is set. `secret_token` overrides the header value and
        `use_secret=False` drops it (negative tests)."""
        self._remember(update)
        webhook = self.queue.webhook
        delivery = Delivery(update["update_id"])
        self.deliveries.append(delivery)
        if webhook is None:
            self.queue.push(update)
            delivery.queued = True
            return delivery
        if not self.queue.allows(update):
            delivery.filtered = True
            return delivery
        self.queue.push(update)
        headers = {"Content-Type": "application/json"}
        secret = secret_token if secret_token is not None else webhook.secret_token
        if use_secret and secret:
            headers[SECRET_HEADER] = secret
        delivery.attempts = await _post(
            self.session, webhook.url, json.dumps(update, ensure_ascii=False).encode(), headers,
            max_attempts=max_attempts or self.delivery_attempts, backoff=self.delivery_backoff,
            answer_within=self.delivery_timeout, accept=lambda status: 200 <= status <= 299,
        )
        if delivery.ok:
            self.queue.discard(update["update_id"])
        else:
            last = delivery.attempts[-1]
            webhook.last_error_date = int(self.clock.now())
            webhook.last_error_message = (
                f"Wrong response from the webhook: {last.status}" if last.status is not None
                else "Connection refused" if last.error and "Connect" in last.error
                else "Read timeout expired")
        return delivery

    async def redeliver(self, update_id: int, **options: Any) -> Delivery:
        """Send an already built/delivered update again (a duplicate update_id)."""
        return await self.deliver(self._known_updates[update_id], **options)

    async def deliver_concurrently(
        self, update: dict[str, Any], copies: int = 3, **options: Any
    ) -> list[Delivery]:
        """The same update `copies` times at once (Telegram retrying while we still answer)."""
        return list(await asyncio.gather(
            *(self.deliver(update, **options) for _ in range(copies))))

    # -- recording --------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def messages_to(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        """The bot's messages in that chat, in order, as the user sees them now."""
        return [SentMessage.of(m) for m in self.store.in_chat(chat_id, "bot")
                if include_deleted or not m.deleted]

    def texts_to(self, chat_id: int) -> list[str | None]:
        return [m.text for m in self.messages_to(chat_id)]

    def deleted(self, chat_id: int) -> list[int]:
        """Ids of messages deleted in that chat, in the order deleteMessage removed them."""
        return [mid for chat, mid in self.api.deletions if chat == chat_id]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return self.api.callback_answers

    @property
    def chat_actions(self) -> list[ChatAction]:
        return self.api.chat_actions

    @property
    def uploads(self) -> list[UploadedFile]:
        return [f for c in self.calls for f in c.files.values()]

