"""Exceptions raised by the audio package. All derive from :class:`AudioError`."""

from __future__ import annotations

from pathlib import Path


class AudioError(Exception):
    """Base class of every error raised by ``audio``."""


class AudioFileError(AudioError):
    """A file is missing, unreadable, or not audio. The message names the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NoAudioDeviceError(AudioError):
    """No usable input or output device (e.g. ``no microphone found``)."""


class AudioDeviceError(AudioError):
    """A device exists but failed while in use."""


class ModelNotFoundError(AudioError):
    """A speech model could not be located on disk (models are never downloaded at run time)."""


class TranscriptionError(AudioError):
    """Speech-to-text failed on audio that holds speech: an answer must never become silently empty."""


class SynthesisError(AudioError):
    """The text-to-speech engine failed."""


class SynthesisTimeout(SynthesisError):
    """The text-to-speech worker did not answer within its hard timeout (it was restarted)."""
