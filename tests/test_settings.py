"""Settings: defaults, one clear error per bad value, production's demands."""

from __future__ import annotations

import dataclasses

import pytest

from bot.settings import Settings, SettingsError


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
        ("TELEGRAM_WEBHOOK_SECRET", "no spaces allowed", "1-256 characters of A-Z"),
        ("TELEGRAM_API_URL", "ftp://x", "a URL starting with http://"),
        ("WHATSAPP_PHONE_NUMBER_ID", "+52 55", "digits only"),
        ("SMTP_PORT", "-1", "a whole number from 1 to 65535"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({f"MICUENTA_{name}": value})
    message = str(caught.value)
    assert message.startswith(f"MICUENTA_{name}=")
    assert expected in message


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
    from bot.cli import main

    monkeypatch.setenv("MICUENTA_PORT", "abc")
    assert main(["serve"]) == 2
    assert "MICUENTA_PORT='abc' is not valid" in capsys.readouterr().err


def test_several_processes_need_a_shared_redis() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"MICUENTA_PROCESSES": "2"})
    assert "MICUENTA_PROCESSES=2 needs a shared Redis" in str(caught.value)
    assert Settings.from_env({"MICUENTA_PROCESSES": "2",
                              "MICUENTA_REDIS_URL": "redis://r:6379/0"}).processes == 2
