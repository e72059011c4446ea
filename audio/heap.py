"""Keep a long session's memory flat: pin glibc's mmap threshold.

glibc gives an allocation of at least ``M_MMAP_THRESHOLD`` (128 KiB at start) its own mapping,
returned to the system when freed. But each time such a block is freed the threshold rises to its
size (up to 32 MiB), and from then on blocks that size come from the heap, whose freed space stays
resident wherever a live block sits above it. Each transcription allocates and frees ~50 MB
(Whisper's attention over 30 s, the mel spectrogram), so a scripted session's floor crept up
~20 MB a turn and its peak went over 600 MB. Pinned at 128 KiB (which also turns the rising off)
the same session peaks near 450 MB, for a few milliseconds of page faults per transcription.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # mallopt parameter, from glibc's malloc.h
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value


def pin_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Serve allocations of ``threshold`` bytes or more from their own mappings, for good.
    False where the C library is not glibc (nothing to pin)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    if not mallopt(M_MMAP_THRESHOLD, threshold):
        log.debug("mallopt(M_MMAP_THRESHOLD, %d) was refused", threshold)
        return False
    return True
