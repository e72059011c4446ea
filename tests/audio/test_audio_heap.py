"""The heap does not keep what a transcription-sized buffer held once it is freed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# In a fresh interpreter: free a 24 MB block (glibc would raise its mmap threshold to 24 MB), then
# allocate an 8 MB buffer with a small block after it, free the buffer, and print how much of it
# is still resident (MB).
_SCENARIO = textwrap.dedent("""
    import sys
    import numpy as np
    if sys.argv[1] == "pinned":
        from audio.heap import pin_mmap_threshold
        assert pin_mmap_threshold()
    def rss_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    big = np.ones(3_000_000)  # 24 MB
    del big
    before = rss_mb()
    buffer = np.ones(1_000_000)  # 8 MB, like Whisper's per-call buffers
    after_it = [np.ones(16) for _ in range(1000)]  # small blocks allocated above it
    del buffer
    print(round(rss_mb() - before, 1))
""")


def _kept_mb(mode: str) -> float:
    out = subprocess.run([sys.executable, "-c", _SCENARIO, mode], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_freed_buffer_goes_back_to_the_system_once_the_threshold_is_pinned():
    assert _kept_mb("default") > 6  # what a session suffered turn after turn
    assert _kept_mb("pinned") < 2
