"""Settings: defaults, one clear error per bad value, production's demands."""

from __future__ import annotations

import dataclasses

import pytest

from bot.app.settings import Settings, SettingsError, variable
from tests.support.paths import ROOT


def test_defaults_are_the_embedded_demo() -> None:
    settings = Settings.from_env({})
    assert settings.mode == "demo"
    assert settings.redis_url == "memory://"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.locale == "es_MX"
    assert settings.timezone == "America/Mexico_City"
    assert settings.session_timeout == 600


def test_settings_are_frozen() -> None:
    settings = Settings.from_env({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]


def test_values_are_read() -> None:
    settings = Settings.from_env({
        "MICUENTA_PORT": "9000", "MICUENTA_LOCALE": "en", "MICUENTA_REDIS_URL": "redis://h:1/2",
        "MICUENTA_TELEGRAM_WEBHOOK_SECRET": "abc_DEF-123", "MICUENTA_SESSION_TIMEOUT": " 300 ",
    })
    assert (settings.port, settings.locale, settings.redis_url) == (9000, "en", "redis://h:1/2")
    assert settings.session_timeout == 300
    assert settings.telegram_webhook_secret == "abc_DEF-123"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PORT", "eighty", "a whole number from 1 to 65535"),
        ("PORT", "70000", "a whole number from 1 to 65535"),
        ("SESSION_TIMEOUT", "5", "a whole number from 60 to 86400"),
        ("MODE", "prod", "one of demo, production"),
        ("LOCALE", "fr", "one of es_MX, en"),
        ("REDIS_URL", "localhost:6379", "a URL starting with memory:// or redis://"),
        ("DATABASE_URL", "mysql://x/y", "a URL starting with sqlite+aiosqlite://"),
        ("TIMEZONE", "Mars/Olympus", "an IANA time zone"),
        ("TELEGRAM_API_URL", "ftp://x", "a URL starting with http://"),
        ("WHATSAPP_PHONE_NUMBER_ID", "+52 55", "digits only"),
        ("SMTP_PORT", "-1", "a whole number from 1 to 65535"),
        ("LOG_LEVEL", "chatty", "one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("REDIS_CLUSTER", "maybe", "true or false"),
        ("METRICS_PORT", "0", "a whole number from 1 to 65535"),
        ("CHILD_PROCESS", "si", "true or false"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({f"MICUENTA_{name}": value})
    message = str(caught.value)
    assert message.startswith(f"MICUENTA_{name}=")
    assert expected in message


SAMPLES = {
    "mode": "production", "database_url": "postgresql+asyncpg://u@db/x",
    "redis_url": "redis://r:6379/1", "redis_cluster": "true", "secret_key": "k" * 40,
    "host": "0.0.0.0", "port": "9001", "locale": "en", "timezone": "America/Tijuana",
    "processes": "3", "child_process": "1", "session_timeout": "61",
    "anonymous_timeout": "62", "transcript_retention_days": "7", "data_dir": "/srv/mc",
    "log_level": "DEBUG", "backup_keep_days": "7", "backup_at": "04:15",
    "operator_name": "Op", "support_phone": "55",
    "public_url": "https://mc.example", "telegram_token": "1:AA",
    "telegram_api_url": "http://127.0.0.1:1/bot", "telegram_webhook_url": "https://w.example",
    "telegram_webhook_secret": "abc", "whatsapp_app_secret": "as",
    "whatsapp_verify_token": "vt", "whatsapp_token": "wt", "whatsapp_phone_number_id": "123",
    "whatsapp_api_url": "http://127.0.0.1:2/v1", "whatsapp_template_name": "t",
    "whatsapp_template_language": "en", "whatsapp_template_text_chars": "9",
    "whatsapp_template_buttons_name": "b", "whatsapp_template_buttons": "5",
    "whatsapp_rate": "81", "inbox_max_attempts": "6", "smtp_host": "smtp.example",
    "smtp_port": "2525", "smtp_user": "u", "smtp_password": "p", "smtp_from": "a@b.example",
    "sms_url": "https://sms.example/send", "sms_token": "st", "metrics_port": "9100",
    "metrics_token": "mt", "staff_password": "sp",
}


def test_every_setting_is_read_from_its_variable() -> None:
    """One declaration per setting: its field name gives its variable, and a value given
    there reaches the field (a field whose variable is not read fails here)."""
    names = [item.name for item in dataclasses.fields(Settings)]
    assert sorted(SAMPLES) == sorted(names), "a sample for every setting"
    settings = Settings.from_env({variable(name): raw for name, raw in SAMPLES.items()})
    defaults = Settings()
    for name in names:
        assert getattr(settings, name) != getattr(defaults, name), name
        assert str(getattr(settings, name)).lower().startswith(
            SAMPLES[name].lower().rstrip("/")) or SAMPLES[name] in ("1",), name


def test_the_variables_are_named_from_the_fields() -> None:
    names = Settings.variables()
    assert "MICUENTA_SMTP_HOST" in names and "MICUENTA_LOG_LEVEL" in names
    assert "MICUENTA_STAFF_PASSWORD" in names
    assert len(names) == len(set(names)) == len(dataclasses.fields(Settings))


def test_the_log_level_is_a_setting() -> None:
    assert Settings.from_env({}).log_level == "INFO"
    assert Settings.from_env({"MICUENTA_LOG_LEVEL": "warning"}).log_level == "WARNING"


@pytest.mark.parametrize(
    ("name", "value"),
    [("TELEGRAM_WEBHOOK_SECRET", "no spaces allowed in the secret"),
     ("SECRET_KEY", "hunter2-is-a-short-one")],
)
def test_a_bad_secret_is_named_but_never_echoed(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({f"MICUENTA_{name}": value})
    message = str(caught.value)
    assert message.startswith(f"MICUENTA_{name} is ")
    assert value not in message and "expected" in message


def test_secrets_are_never_in_the_repr_and_all_go_to_the_log_redaction() -> None:
    secret_fields = [item.name for item in dataclasses.fields(Settings) if not item.repr]
    assert {"secret_key", "telegram_token", "telegram_webhook_secret", "whatsapp_app_secret",
            "whatsapp_verify_token", "whatsapp_token", "smtp_password", "sms_token",
            "metrics_token", "staff_password"} == set(secret_fields)
    env = {variable(name): f"s3cret-{name}-" + "x" * 32 for name in secret_fields}
    env["MICUENTA_TELEGRAM_WEBHOOK_SECRET"] = "s3cret-telegram_webhook_secret-xx"
    settings = Settings.from_env(env)
    shown = repr(settings)
    for name in secret_fields:
        value = getattr(settings, name)
        assert value and value.startswith("s3cret-"), name
        assert value not in shown, name
    assert sorted(settings.secret_values()) == sorted(getattr(settings, n)
                                                      for n in secret_fields)


def test_unknown_variables_are_named_with_the_closest_setting() -> None:
    env = {"MICUENTA_SMTP_HOSTNAME": "x", "MICUENTA_PORT": "1", "MICUENTA_TEST_REDIS_URL": "y",
           "MICUENTA_ZZZ": "z", "PATH": "/bin"}
    assert Settings.unknown(env) == [
        "MICUENTA_SMTP_HOSTNAME (did you mean MICUENTA_SMTP_HOST?)", "MICUENTA_ZZZ"]


def test_short_secret_is_refused_without_echoing_it() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"MICUENTA_SECRET_KEY": "hunter2"})
    assert "MICUENTA_SECRET_KEY is too short (7 characters)" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_production_refuses_to_start_on_embedded_defaults() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"MICUENTA_MODE": "production"})
    message = str(caught.value)
    for name in ("MICUENTA_SECRET_KEY", "MICUENTA_REDIS_URL", "MICUENTA_DATABASE_URL",
                 "MICUENTA_SMTP_HOST", "MICUENTA_SMS_URL"):
        assert name in message


def test_production_with_everything_set_starts() -> None:
    settings = Settings.from_env({
        "MICUENTA_MODE": "production", "MICUENTA_SECRET_KEY": "k" * 40,
        "MICUENTA_REDIS_URL": "redis://r:6379/0",
        "MICUENTA_DATABASE_URL": "postgresql+asyncpg://u@db/micuenta",
        "MICUENTA_SMTP_HOST": "smtp.example", "MICUENTA_SMS_URL": "https://sms.example/send",
        "MICUENTA_SMS_TOKEN": "t",
    })
    assert not settings.is_demo
    assert "k" * 40 not in repr(settings), "secrets stay out of logs and tracebacks"


def test_cli_reports_a_bad_setting_and_exits_2(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app.cli import main

    monkeypatch.setenv("MICUENTA_PORT", "abc")
    assert main(["serve"]) == 2
    assert "MICUENTA_PORT='abc' is not valid" in capsys.readouterr().err


def test_several_processes_need_a_shared_redis() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"MICUENTA_PROCESSES": "2"})
    assert "MICUENTA_PROCESSES=2 needs a shared Redis" in str(caught.value)
    assert Settings.from_env({"MICUENTA_PROCESSES": "2",
                              "MICUENTA_REDIS_URL": "redis://r:6379/0"}).processes == 2


def test_the_readme_lists_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in Settings.variables()
               if f"`{name.removeprefix('MICUENTA_')}`" not in table]
    assert missing == []
