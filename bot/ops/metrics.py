"""Prometheus metrics, in a registry owned by the app (no process-wide globals)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.ops.backups import BackupMetrics
from bot.ops.gauges import ScrapeGauges


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages_in = Counter(
            "micuenta_messages_in", "Messages received, by channel and the step they reached",
            ["channel", "flow", "step"], registry=self.registry)
        self.messages_out = Counter(
            "micuenta_messages_out", "Replies produced, by channel and the step that said them",
            ["channel", "flow", "step"], registry=self.registry)
        self.step_seconds = Histogram(
            "micuenta_step_seconds", "Time to handle one message, lock to commit",
            ["flow", "step"], registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        self.duplicates = Counter(
            "micuenta_duplicates_dropped", "Messages dropped as already handled",
            ["channel"], registry=self.registry)
        self.lock_waits = Counter(
            "micuenta_lock_waits", "Times a message waited for an earlier one of the same user",
            ["channel"], registry=self.registry)
        self.errors = Counter(
            "micuenta_step_errors", "Unexpected errors while handling a message",
            ["flow", "step"], registry=self.registry)
        self.conflicts = Counter(
            "micuenta_state_conflicts", "Turns whose commit was refused", ["channel"],
            registry=self.registry)
        self.restarted = Counter(
            "micuenta_state_restarted", "Stored states that could not be read and were reset",
            registry=self.registry)
        self.sent = Counter(
            "micuenta_replies_sent", "Replies delivered to a platform", ["channel"],
            registry=self.registry)
        self.send_retries = Counter(
            "micuenta_send_retries", "Sends put off for a retry, by reason",
            ["channel", "reason"], registry=self.registry)
        self.parked = Counter(
            "micuenta_replies_parked", "Replies given up and kept with the reason",
            ["channel", "reason"], registry=self.registry)
        self.webhooks = Counter(
            "micuenta_webhook_requests", "Webhook requests by outcome",
            ["channel", "outcome"], registry=self.registry)
        self.statuses = Counter(
            "micuenta_whatsapp_statuses", "WhatsApp delivery statuses received", ["status"],
            registry=self.registry)
        self.dead_letters = Counter(
            "micuenta_inbox_dead_letters", "Inbox entries set aside after failing, by error",
            ["channel", "error"], registry=self.registry)
        self.whatsapp_failures = Counter(
            "micuenta_whatsapp_failures", "WhatsApp messages reported failed, by error code",
            ["code"], registry=self.registry)
        self.suspicious = Counter(
            "micuenta_suspicious_events", "Suspicious activity written to the audit log",
            ["kind"], registry=self.registry)
        self._turn_children: dict[tuple[str, str, str], tuple[Any, Any, Any]] = {}
        self.up = Gauge("micuenta_up", "1 while the service runs", registry=self.registry)
        self.scraped = ScrapeGauges(self.registry)
        self.backups = BackupMetrics(self.registry)

    def watch_redis(self, read: Callable[[], tuple[int, int]]) -> None:
        """Export the serving Redis client's round trips and commands (``read()`` gives
        both, ``AutoPipelineRedis``): their ratio is how well concurrent commands share
        round trips, the first thing to look at when Redis time per message grows."""
        self.registry.register(_RedisRoundTrips(read))

    def record_turn(
        self, channel: str, flow: str, step: str, seconds: float, replies: int
    ) -> None:
        """Count one handled message; the labelled children are cached (hot path)."""
        key = (channel, flow, step)
        children = self._turn_children.get(key)
        if children is None:
            children = (
                self.messages_in.labels(channel, flow, step),
                self.messages_out.labels(channel, flow, step),
                self.step_seconds.labels(flow, step),
            )
            self._turn_children[key] = children
        children[0].inc()
        children[1].inc(replies)
        children[2].observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _RedisRoundTrips(Collector):
    def __init__(self, read: Callable[[], tuple[int, int]]) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        round_trips, commands = self.read()
        yield CounterMetricFamily("micuenta_redis_round_trips",
                                  "Round trips of this process's shared Redis client",
                                  value=round_trips)
        yield CounterMetricFamily("micuenta_redis_commands",
                                  "Commands sent in those round trips", value=commands)
