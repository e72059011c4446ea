"""Two runs that start together on one --session-dir: both must see a folder, never "a file"."""
from __future__ import annotations

import threading

from agent.start import _claim


def test_a_folder_claimed_by_two_at_once_is_a_folder_to_both(tmp_path):
    for i in range(300):
        folder = tmp_path / f"race-{i}"
        barrier, outcomes = threading.Barrier(2), []

        def claim() -> None:
            barrier.wait()
            try:
                outcomes.append(_claim(folder, None)[1])
            except Exception as exc:  # noqa: BLE001 - the failure this test is about
                outcomes.append(repr(exc))

        threads = [threading.Thread(target=claim) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes, key=str) == [False, True], outcomes  # one made it, the other found it
