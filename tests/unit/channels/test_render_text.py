"""Text rules shared by the renderers: splitting at boundaries, shortening, unique titles."""

from __future__ import annotations

import pytest

from bot.channels.render_text import (
    ELLIPSIS,
    alias,
    shorten,
    split_text,
    split_text_last,
    unique_titles,
    utf16_units,
)


def words(text: str) -> list[str]:
    return text.split()


def test_a_text_at_the_limit_is_one_part_and_one_more_char_makes_two() -> None:
    assert split_text("a" * 4096, 4096) == ["a" * 4096]
    exact = ("word " * 1000).strip()[:4096].strip()
    assert split_text(exact, len(exact)) == [exact]
    longer = exact + "s"
    assert len(split_text(longer, len(exact))) == 2


def test_a_blank_text_has_no_parts_and_edges_are_trimmed() -> None:
    assert split_text("  \n\n ", 10) == []
    assert split_text("\n  hola  \n", 10) == ["hola"]


def test_splitting_keeps_every_word_in_order() -> None:
    text = "\n\n".join(f"Párrafo {p}. " + " ".join(f"palabra{p}-{i}" for i in range(300))
                       for p in range(6))
    parts = split_text(text, 1000)
    assert all(len(part) <= 1000 for part in parts)
    assert [w for part in parts for w in words(part)] == words(text)


def test_a_paragraph_break_wins_over_a_line_break() -> None:
    text = "uno dos\ntres\n\ncuatro cinco\nseis siete"
    assert split_text(text, 20) == ["uno dos\ntres", "cuatro cinco", "seis siete"]


def test_a_line_break_wins_over_a_sentence_end() -> None:
    assert split_text("Uno. Dos\ntres cuatro", 16) == ["Uno. Dos", "tres cuatro"]


def test_a_sentence_end_wins_over_a_space() -> None:
    assert split_text("Uno dos. Tres cuatro cinco", 20) == ["Uno dos.", "Tres cuatro cinco"]


def test_never_mid_word_unless_one_word_exceeds_the_limit() -> None:
    assert split_text("abc defghij", 8) == ["abc", "defghij"]
    assert split_text("abcdefghijkl mn", 5) == ["abcde", "fghij", "kl mn"]


def test_a_boundary_right_after_the_limit_still_counts() -> None:
    assert split_text("abcde fgh", 5) == ["abcde", "fgh"]
    assert split_text("abcde\n\nfgh", 5) == ["abcde", "fgh"]


def test_the_first_part_can_have_its_own_limit() -> None:
    parts = split_text("uno dos tres cuatro cinco seis", 100, first_limit=8)
    assert parts == ["uno dos", "tres cuatro cinco seis"]


def test_the_last_part_fits_its_own_limit_and_starts_at_a_boundary() -> None:
    text = "Primero un párrafo largo de contexto.\n\nLa pregunta final: ¿qué deseas hacer?"
    parts = split_text_last(text, 4096, last_limit=40)
    assert parts == ["Primero un párrafo largo de contexto.",
                     "La pregunta final: ¿qué deseas hacer?"]
    assert split_text_last("corto", 4096, last_limit=40) == ["corto"]
    assert split_text_last("  ", 4096, last_limit=40) == []


def test_the_last_part_is_the_longest_tail_at_the_best_boundary() -> None:
    text = " ".join(f"w{i:03d}" for i in range(100))  # 499 characters, spaces only
    *head, last = split_text_last(text, 300, last_limit=100)
    assert len(last) <= 100 and len(last) >= 95
    assert all(len(part) <= 300 for part in head)
    assert words(" ".join(head + [last])) == words(text)
    assert split_text_last("x" * 50 + " " + "y" * 30, 4096, last_limit=20) == [
        "x" * 50 + " " + "y" * 10, "y" * 20]


def test_utf16_measure_counts_emoji_twice() -> None:
    assert utf16_units("ñ") == 1 and utf16_units("😀") == 2
    parts = split_text("😀" * 3000, 4096, measure=utf16_units)
    assert [utf16_units(p) for p in parts] == [4096, 1904]


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Estado de cuenta", 24, "Estado de cuenta"),
    ("Consultar mi estado de cuenta completo", 24, "Consultar mi estado de…"),
    ("Precalificación, puntos y más", 20, "Precalificación…"),
    ("Supercalifragilístico", 10, "Supercali…"),
    ("  Dos\n líneas ", 24, "Dos líneas"),
])
def test_shorten_cuts_at_a_word_and_adds_an_ellipsis(text: str, limit: int,
                                                     expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit
    assert ELLIPSIS == "…"


def test_unique_titles_number_the_repeats_within_the_limit() -> None:
    assert unique_titles(["Citas", "citas", "Citas", "Otra"], 24) == [
        "Citas", "citas (2)", "Citas (3)", "Otra"]
    long = "Una opción con nombre largo!"[:24]
    titles = unique_titles([long, long], 24)
    assert titles[0] == long and titles[1].endswith(" (2)") and len(titles[1]) <= 24


def test_alias_is_short_stable_and_distinct() -> None:
    assert alias("x" * 300) == alias("x" * 300)
    assert alias("x" * 300) != alias("x" * 301)
    assert alias("x" * 300).startswith("h:") and len(alias("x" * 300)) == 18
