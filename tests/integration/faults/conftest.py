"""Fixtures of the fault tests: real serve processes need a real Redis and PostgreSQL (the
suite's), the intent model cached once where every serve process finds it, and the
platform (webhooks in, the sink for replies)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.nlu.model import IntentClassifier
from tests.integration.faults.harness import Platform, Serve
from tests.support.backends import Backends


@pytest.fixture
def real_backends(backends: Backends) -> Backends:
    if not (backends.real_redis and backends.real_database) or backends.cluster:
        pytest.skip("serve processes share a real Redis (one node) and PostgreSQL")
    return backends


@pytest.fixture(scope="session")
def serve_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the trained intent model, so no serve process trains it."""
    where = tmp_path_factory.mktemp("serve-data")
    IntentClassifier.load(where / "nlu")
    return where


@pytest.fixture
async def platform() -> AsyncIterator[Platform]:
    async with Platform() as running:
        yield running


@pytest.fixture
def processes() -> Iterator[list[Serve]]:
    """Serve processes a test starts; stopped (or already dead) at the end."""
    started: list[Serve] = []
    yield started
    for serve in started:
        with contextlib.suppress(Exception):
            serve.stop()
    gc.collect()  # sockets the faults left unclosed are collected here, not in a later test
