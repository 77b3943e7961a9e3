"""The terminal channel, driven the way a script or another program drives it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.support.paths import ROOT


def run_chat(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MICUENTA_DATA_DIR": str(tmp_path),
        "MICUENTA_REDIS_URL": "memory://",
        "MICUENTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}",
        "MICUENTA_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args], input=script, capture_output=True,
        text=True, env=env, cwd=ROOT, timeout=60, check=False)


def test_a_scripted_conversation_through_piped_stdin(tmp_path: Path) -> None:
    result = run_chat(tmp_path, "hola\n8\nmenú\nidioma\n2\ncancel\nhelp\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    turns = out.split("> ")[1:]
    assert [turn.splitlines()[0] for turn in turns] == [
        "hola", "8", "menú", "idioma", "2", "cancel", "help"]
    assert "  1. Registro\n  2. Iniciar sesión\n" in turns[0]
    assert "  10. Hablar con un asesor" in turns[0]
    assert "«Recuperar mi cuenta sin mi correo» se agenda sin iniciar sesión" in turns[1], \
        "8. Citas: its procedure list is open without a login"
    assert "  1. Registro\n" in turns[2], "back at the menu"
    assert "  1. Español\n  2. English" in turns[3]
    assert "Done, we will continue in English." in turns[4]
    assert "  1. Sign up" in turns[4]
    assert "There is nothing to cancel." in turns[5]
    assert "This is what I can do for you:" in turns[6]


def test_each_line_is_answered_before_the_next_is_read(tmp_path: Path) -> None:
    """A program on the other end can wait for the answer before it writes again."""
    env = {**os.environ, "MICUENTA_DATA_DIR": str(tmp_path), "MICUENTA_LOG_LEVEL": "WARNING",
           "MICUENTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--lang", "en"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert process.stdin and process.stdout
    watchdog = threading.Timer(60, process.kill)  # an answer that never comes fails, not hangs
    watchdog.start()
    try:
        process.stdin.write("hi\n")
        process.stdin.flush()
        seen = ""
        while "10. Talk to an advisor" not in seen:
            line = process.stdout.readline()
            assert line, "the chat ended before answering"
            seen += line
        assert "Every procedure is free" in seen
        process.stdin.write("8\n")  # Appointments
        process.stdin.flush()
        seen = ""
        while "is booked without logging in" not in seen:
            line = process.stdout.readline()
            assert line, "the chat ended before answering"
            seen += line
    finally:
        watchdog.cancel()
        process.stdin.close()
        process.wait(timeout=30)
        process.stdout.close()
    assert process.returncode == 0


def test_a_fresh_database_is_migrated_before_the_first_turn(tmp_path: Path) -> None:
    """Issue 12, trap 11: no traceback on a database nobody migrated yet."""
    result = run_chat(tmp_path, "registro\n1\n12345678903\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "No encontramos a ningún trabajador con ese NSS." in result.stdout


def test_log_lines_stay_out_of_the_conversation(tmp_path: Path) -> None:
    """Issue 12, trap 11: the demo outbox's codes are the chat's own lines; log lines
    (the outbox's and the audit's warnings) go to chat.log, or to stderr with --verbose."""
    env = {**os.environ, "MICUENTA_DATA_DIR": str(tmp_path), "MICUENTA_REDIS_URL": "memory://",
           "MICUENTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"}
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=60)
    subprocess.run([sys.executable, "-m", "bot", "seed", "--demo"], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=60)
    script = "iniciar sesion\ncarmen.sanchez@example.com\nTamarindo#Lluvia7\n111111\n"
    for verbose in (False, True):
        result = subprocess.run(
            [sys.executable, "-m", "bot", "chat", *(["--verbose"] if verbose else [])],
            input=script, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
            check=False)
        assert result.returncode == 0, result.stderr
        assert "Te enviamos un código por SMS" in result.stdout
        assert "── BUZÓN DE DEMOSTRACIÓN (no se envió) · sms a +525511112222 ──" in result.stdout
        assert " WARNING " not in result.stdout and "DEMO OUTBOX (not sent)" not in result.stdout
        if verbose:
            assert "DEMO OUTBOX (not sent)" in result.stderr
            assert "audit: code_failed" in result.stderr
        else:
            assert "WARNING" not in result.stderr
    log = (tmp_path / "chat.log").read_text()
    assert "DEMO OUTBOX (not sent)" in log and "audit: code_failed" in log


def test_an_answers_buttons_have_letters_beside_the_steps_numbered_options(
        tmp_path: Path) -> None:
    """«quiero ver mis puntos» in the middle of the simulator offers a «Mis puntos» button
    above «¿Eres mujer u hombre?»: both were numbered from 1, and «1» could only pick the
    step's option. The step's options keep the numbers; the other button gets a letter,
    which presses it. (At Citas' procedure list, where nothing is chosen yet, the points
    now open at once.)"""
    result = run_chat(tmp_path, "hola\n5\n2\n15000\n35\nquiero ver mis puntos\na\n")
    assert result.returncode == 0, result.stderr
    turns = result.stdout.split("> ")[1:]
    assert "  a) Mis puntos\n" in turns[5], turns[5]
    assert "  1. Mujer\n" in turns[5], turns[5]
    assert "1. Mis puntos" not in turns[5]
    assert "Para ver esto necesitas iniciar sesión." in turns[6], turns[6]
