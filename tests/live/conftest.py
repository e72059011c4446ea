"""A private PulseAudio server for the live tests (skipped, with the reason, only if it cannot start)."""
from __future__ import annotations

import pytest

from .pulse_rig import PulseServer, PulseUnavailable


@pytest.fixture(scope="module")
def pulse(tmp_path_factory):
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    try:
        server.start()
    except PulseUnavailable as exc:
        pytest.skip(f"no PulseAudio server: {exc}")
    yield server
    server.stop()
