"""The files in deploy/: every alert rule is written on a metric the service exports."""

from __future__ import annotations

import re

import yaml

from bot.ops.metrics import Metrics
from tests.support.paths import ROOT

DEPLOY = ROOT / "deploy"


def test_every_alert_uses_a_metric_the_service_exports() -> None:
    rules = (DEPLOY / "alerts.yml").read_text()
    used = set(re.findall(r"\b(micuenta_[a-z_]+)", rules))
    exported = Metrics().exposition().decode()
    names = set(re.findall(r"^# TYPE (\w+) (\w+)", exported, re.MULTILINE))
    known = {name for name, _ in names} | {f"{name}_total" for name, kind in names
                                           if kind == "counter"}
    assert used, "no metric in the rules"
    assert used <= known, f"not exported: {sorted(used - known)}"
    for alert in ("MiCuentaRedisDown", "MiCuentaDatabaseDown", "MiCuentaQueueLag",
                  "MiCuentaDeadLetters", "MiCuentaRepliesParked", "MiCuentaSuspiciousEvents",
                  "MiCuentaBackupMissed"):
        assert f"alert: {alert}\n" in rules


def test_the_units_run_the_service_and_the_backup_with_the_environment_file() -> None:
    service = (DEPLOY / "micuenta.service").read_text()
    backup = (DEPLOY / "micuenta-backup.service").read_text()
    assert "ExecStart=/opt/micuenta/.venv/bin/micuenta serve" in service
    assert "micuenta db backup" in backup
    for unit in (service, backup):
        assert "EnvironmentFile=/etc/micuenta/micuenta.env" in unit
    names = set(re.findall(r"^(MICUENTA_\w+)=", (DEPLOY / "micuenta.env.example").read_text(),
                           re.MULTILINE))
    assert {"MICUENTA_MODE", "MICUENTA_SECRET_KEY", "MICUENTA_REDIS_URL"} <= names


def test_the_backup_missed_alert_reads_the_backup_gauge_and_fires_after_a_day() -> None:
    rules = yaml.safe_load((DEPLOY / "alerts.yml").read_text())["groups"][0]["rules"]
    missed = next(rule for rule in rules if rule["alert"] == "MiCuentaBackupMissed")
    assert "micuenta_backup_last_success_timestamp_seconds" in missed["expr"]
    assert missed["expr"].endswith("> 27 * 3600"), "a day and a margin for the backup's run"
