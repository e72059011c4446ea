"""Sound in and out: devices, end-of-turn detection, STT, TTS, WAV I/O. Knows nothing of interviews.

One job per module (import the module you need; nothing heavy is imported here):

- ``wav``: read/write WAV (mono float32), ``load_audio`` (any format), ``resample``, ``duration_s``
- ``models``: where the STT models are (embedded tiny.en, installed base, any CTranslate2 folder)
- ``stt``: ``Transcriber`` (faster-whisper, loaded once) -> ``Transcript`` / ``Segment`` / ``Word``
- ``tts`` (+ ``tts_worker``): ``Synthesizer`` (pyttsx3/espeak-ng in a worker process, hard timeout)
- ``vad``: frame-level speech detection (streaming Silero, energy fallback)
- ``endpointing``: ``EndOfTurnDetector`` (patience, thinking phrases, per-answer cap)
- ``streaming``: background transcription of finished stretches while the candidate speaks
- ``listen``: ``capture_answer`` (one answer) and ``speak_with_barge_in`` (talk, stop if talked over)
- ``devices``: ``Microphone`` / ``Speaker`` interfaces and the sound-card implementations
- ``file_devices``: ``FileMicrophone`` / ``FileSpeaker`` / ``EchoMicrophone`` for scripted runs and tests
- ``clock``: ``RealClock`` and ``VirtualClock`` (a 30 s conversation in milliseconds)
- ``echo``: removes the agent's own voice from the microphone signal during playback
- ``wer``: word error rate with fair text normalisation
- ``errors``: ``AudioError`` and its kinds (``AudioFileError``, ``NoAudioDeviceError``, ...)
- ``install_base_model``: joins the optional base model at install time (never at run time)
"""
