"""Sound in and out: devices, end-of-turn detection, STT, TTS, WAV I/O. Knows nothing of interviews."""
