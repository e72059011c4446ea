"""`interview run` and `interview resume`."""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from agent.argtypes import BEAM_SIZE, SEED, float_in, int_in
from agent.errors import UserError
from agent.llm.config import add_llm_arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an interview (voice by default; --script or --text without a microphone)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--script", type=Path, metavar="FILE", help="drive the interview from a YAML script of answers")
    mode.add_argument("--text", action="store_true", help="type your answers in the terminal")
    p.add_argument("--flow", help="interview flow id (see `interview flows`); default: quick_practice, or the script's")
    p.add_argument("--level", help="associate | mid | senior | staff; default: mid, or the script's")
    p.add_argument("--seed", type=SEED, default=None, help="seed for reproducible question choice (default 0)")
    p.add_argument("--session-dir", type=Path, metavar="DIR", help="session folder to create (default: sessions/<id>)")
    focus = p.add_argument_group("targeted practice")
    focus.add_argument("--question", action="append", default=[], metavar="ID",
                       help="ask this question first (repeatable; ids from `interview questions`)")
    focus.add_argument("--signal", action="append", default=[], metavar="ID",
                       help="draw questions that probe this rubric signal first (repeatable)")
    focus.add_argument("--job-description", type=Path, metavar="FILE",
                       help="draw questions on what this job posting names first")
    p.add_argument("--realtime", action="store_true",
                   help="scripted runs: play and listen at real-time speed (default: as fast as possible)")
    _speech_arguments(p)
    add_llm_arguments(p)
    p.set_defaults(func=cmd_run)

    r = sub.add_parser("resume", help="continue an interrupted session where it stopped")
    r.add_argument("session", type=Path, metavar="SESSION", help="the session folder")
    _speech_arguments(r)
    add_llm_arguments(r)
    r.set_defaults(func=cmd_resume)


def _speech_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("speech")
    g.add_argument("--stt-model", metavar="PATH", help="CTranslate2 Whisper model folder, or 'base' (default: embedded tiny.en)")
    g.add_argument("--beam-size", type=BEAM_SIZE, default=5, help="Whisper beam size, 1 to 20 (default 5)")
    g.add_argument("--tts", choices=["pyttsx3", "piper"], default=None,
                   help="interviewer voice engine: pyttsx3 (espeak-ng, fastest; the default) or piper "
                        "(natural, en_US-joe-medium); resume keeps the session's")
    g.add_argument("--voice", help="interviewer TTS voice id (see `interview doctor`)")
    g.add_argument("--rate", type=int_in(80, 450), help="interviewer speaking rate, 80 to 450 words per minute")
    g.add_argument("--patience", type=float_in(0.3, 10.0), default=None, metavar="S",
                   help="end every answer after this much silence, 0.3 to 10 seconds (default: judge each "
                        "pause: a finished thought ends after ~0.6 s, an unfinished one waits up to 4 s)")
    g.add_argument("--device-wait", type=float_in(0.0, 3600.0), default=30.0, metavar="S",
                   help="how long a stalled microphone or speaker is waited for (and reopened) before the "
                        "session stops, to be resumed (default 30)")


def _brain(args: argparse.Namespace):
    """The LLM brain when a model is configured (flags or environment), else the offline brain."""
    from agent.llm.config import config_from

    config = config_from(args)
    if config is None:
        from agent.brain.offline import OfflineBrain
        return OfflineBrain(), "offline", {}
    from agent.brain.llm import LLMBrain
    brain = LLMBrain(config)
    return brain, brain.label, {"llm": config.public()}


def _speech_settings(args: argparse.Namespace, scripted: bool = False):
    from agent.channels.speech import SpeechSettings, default_tts_cache_dir
    from agent.config import user_config
    from audio.models import resolve_model

    resolve_model(args.stt_model)  # a wrong --stt-model fails now, before a session folder is made
    tts = args.tts or "pyttsx3"
    configured_voice = user_config().voice if tts == "pyttsx3" else None  # the config names an espeak voice
    return SpeechSettings(stt_model=args.stt_model, tts=tts, voice=args.voice or configured_voice,
                          rate=args.rate,
                          patience_s=args.patience, beam_size=args.beam_size,
                          tts_cache_dir=default_tts_cache_dir() if scripted else None)


def _speech_loader(settings):
    """Loads the speech models when first called (a run of typed answers never pays for them)."""
    from agent.channels.speech import SpeechKit

    return partial(SpeechKit.load, settings)


def _grade_and_report(folder: Path, session, brain) -> None:
    from agent.finish import grade_and_report

    for line in grade_and_report(folder, session, brain):
        print(line)


def _stopped(folder: Path, session) -> None:
    from agent.session import Event, save_session

    if session.status != "completed":
        session.status = "stopped"
        session.events.append(Event(kind="stopped", message=f"stopped by the user after {len(session.turns)} turns"))
        save_session(folder, session)


def _run(folder: Path, session, channel, brain) -> int:
    from agent.llm.notices import brain_announcement
    from agent.runner import log_events, run_interview
    from audio.resilience import DeviceLostError

    print(brain_announcement(getattr(brain, "config", None)))
    try:
        if run_interview(folder, session, channel, brain).finished:
            _grade_and_report(folder, session, brain)
    except KeyboardInterrupt:  # one message, here, where the folder to resume is known
        _stopped(folder, session)
        print(f"\nstopped: every answer so far is saved; continue with `interview resume {folder}`", file=sys.stderr)
        return 130
    except DeviceLostError as exc:
        log_events(session, folder, channel)
        raise UserError(f"{exc}; every answer so far is saved: continue with `interview resume {folder}`") from None
    finally:
        channel.close()
    print(f"session folder: {folder}")
    return 0


def _check_voice(settings) -> None:
    """An unknown --voice fails before a session folder is made, not at the first question."""
    if settings.voice:
        from agent.channels.speech import TTS_ENGINES
        from audio.tts import Synthesizer

        with Synthesizer(TTS_ENGINES[settings.tts].with_(id=settings.voice)) as synth:
            synth.render("")  # checks the voice against the engine's list (SynthesisError), says nothing


def cmd_run(args: argparse.Namespace) -> int:
    from agent.channels.scripted import ScriptedChannel
    from agent.channels.text import TextChannel
    from agent.config import user_config
    from agent.script import load_script
    from agent.start import new_session

    brain, brain_label, settings = _brain(args)
    speech_settings = _speech_settings(args, scripted=bool(args.script))
    speech = _speech_loader(speech_settings)
    script = load_script(args.script) if args.script else None
    config = user_config()  # flags, then the script, then the config file, then the defaults
    flow = args.flow or (script.flow if script else None) or config.flow or "quick_practice"
    pinned = args.question or (list(script.questions) if script else [])
    prefer, focus = _focus(args, flow, pinned)
    if not args.text:
        _check_voice(speech_settings)
    devices = _open_devices() if script is None and not args.text else None  # fail before making a folder
    with new_session(
        args.session_dir, flow=flow,
        level=args.level or (script.level if script else None) or config.level or "mid",
        channel="script" if script else ("text" if args.text else "voice"),
        seed=args.seed if args.seed is not None else ((script.seed if script else None) or 0),
        pinned=pinned, prefer=prefer, script=args.script, brain=brain_label,
        settings={**settings, "speech": speech_settings.public(), **focus},
    ) as (folder, session):
        if script:
            channel = ScriptedChannel(script, speech, realtime=args.realtime)
        elif args.text:
            channel = TextChannel(time_box_min=_time_box_min(session.flow))
        else:
            channel = _voice_channel(speech, *devices, session, args.device_wait)
        print(f"session: {folder}")
        return _run(folder, session, channel, brain)


def _focus(args: argparse.Namespace, flow_id: str, pinned: list[str]) -> tuple[list[str], dict]:
    """Check --question, --signal and --job-description; return the questions to draw first and
    what to record about them in the session's settings."""
    from agent import focus
    from agent.errors import check_known
    from agent.planning import check_question_id
    from question_flows import DataFileError, get_flow, load_bank
    from rubrics import get_rubric

    bank = load_bank()
    for qid in args.question:
        check_question_id(qid, bank, "--question")
    prefer: list[str] = []
    recorded: dict = {}
    if args.signal:
        try:
            rubric = get_rubric(get_flow(flow_id).rubric)
        except DataFileError as e:
            raise UserError(f"--flow: {e}") from None
        for signal in args.signal:
            check_known(signal, [s.id for s in rubric.signals], "signal", f"--signal (rubric {rubric.id})")
        prefer += focus.for_signals(bank, args.signal)
        recorded["focus_signals"] = args.signal
    if args.job_description:
        prefer += focus.for_job_description(bank, focus.read_job_description(args.job_description))
        recorded["job_description"] = str(args.job_description)
    return list(dict.fromkeys(q for q in prefer if q not in pinned)), recorded


def _time_box_min(flow_id: str) -> int:
    from question_flows import get_flow

    return get_flow(flow_id).duration_min


def _open_devices():
    from audio.devices import SoundDeviceMicrophone, SoundDeviceSpeaker
    from audio.errors import AudioError

    try:
        mic = SoundDeviceMicrophone()
    except (AudioError, OSError):
        raise UserError("no microphone found (try --script FILE or --text)") from None
    try:
        speaker = SoundDeviceSpeaker()
    except (AudioError, OSError):
        raise UserError("no speaker found (try --script FILE or --text)") from None
    return mic, speaker


def _voice_channel(speech_loader, mic, speaker, session, device_wait_s: float):
    from agent.channels.live_view import LiveView
    from agent.channels.voice import VoiceChannel
    from audio.resilience import ResilienceOptions
    from question_flows import get_flow

    print("loading speech models…")
    speech = speech_loader()
    return VoiceChannel(mic, speaker, speech, LiveView(get_flow(session.flow).persona.name),
                        resilience=ResilienceOptions(give_up_after_s=device_wait_s))


def cmd_resume(args: argparse.Namespace) -> int:
    from agent.channels.scripted import ScriptedChannel
    from agent.channels.text import TextChannel
    from agent.script import load_script
    from agent.start import reopened_session

    folder = args.session
    with reopened_session(folder) as session:
        brain, brain_label, settings = _brain(args)
        if session.status == "completed":  # stopped after the interview ended: only grading is left
            print(f"finishing session: {folder} (the interview ended before its grade and reports were written)")
            _grade_and_report(folder, session, brain)
            return 0
        args.tts = args.tts or session.settings.get("speech", {}).get("tts")  # the voice it began with
        if session.channel == "script":
            if not session.script:
                raise UserError(f"{folder}: session.json names no script to resume from")
            channel = ScriptedChannel(load_script(Path(session.script)), _speech_loader(_speech_settings(args, True)))
        elif session.channel == "text":
            channel = TextChannel(time_box_min=_time_box_min(session.flow))
        else:
            speech_settings = _speech_settings(args)
            _check_voice(speech_settings)
            mic, speaker = _open_devices()
            channel = _voice_channel(_speech_loader(speech_settings), mic, speaker, session, args.device_wait)
        print(f"resuming session: {folder} ({len(session.turns)} turns recorded)")
        session.status = "running"
        if brain_label != session.brain:
            session.brain = brain_label
            session.settings.update(settings)
        return _run(folder, session, channel, brain)
