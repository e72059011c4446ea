"""`interview serve --ws`: the spoken interview for a client over a WebSocket (PCM in, PCM out)."""
from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from agent.errors import UserError
from agent.llm.config import add_llm_arguments


def register(sub: argparse._SubParsersAction) -> None:
    from agent.cli.run import _speech_arguments

    p = sub.add_parser("serve", help="serve spoken interviews over a WebSocket (voicebench's PCM protocol; "
                                     "one interview per connection)")
    p.add_argument("--ws", action="store_true", help="speak the PCM-over-WebSocket protocol (the one transport)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument("--flow", help="interview flow id (default: the config's, else quick_practice)")
    p.add_argument("--level", help="associate | mid | senior | staff (default: the config's, else mid)")
    p.add_argument("--seed", type=int, default=0, help="seed for reproducible question choice (default 0)")
    p.add_argument("--sessions", type=Path, metavar="DIR",
                   help="folder that receives one session folder per connection (default: the sessions root, "
                        "as for run)")
    p.add_argument("--once", action="store_true", help="exit after the first interview's client hangs up")
    _speech_arguments(p)
    add_llm_arguments(p)
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from agent.cli.run import _brain, _speech_settings
    from agent.config import user_config
    from agent.channels.speech import SpeechKit
    from agent.start import checked_flow
    from agent.ws_server import InterviewServer, ServeOptions

    if not args.ws:
        raise UserError("serve: say which transport: --ws (PCM over WebSocket)")
    config = user_config()  # flags, then the config file, then the defaults; as `interview run`
    args.flow, args.level = args.flow or config.flow or "quick_practice", args.level or config.level or "mid"
    checked_flow(args.flow, args.level)
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port: {args.port} is not a port number (0-65535)")
    _brain(args)  # a bad LLM setting fails now, not at the first connection
    settings = _speech_settings(args)
    print("loading speech models…", flush=True)
    speech = SpeechKit.load(settings)
    options = ServeOptions(flow=args.flow, level=args.level, seed=args.seed, sessions_root=args.sessions,
                           once=args.once, device_wait_s=args.device_wait)
    server = InterviewServer(speech, lambda: _brain(args), options, log=lambda line: print(line, flush=True))
    try:
        asyncio.run(server.serve(args.host, args.port, ready=lambda url: print(f"listening on {url}", flush=True)))
    except OSError as e:  # the port is taken, the address is not ours
        raise UserError(f"--host/--port: cannot listen on {args.host}:{args.port} ({e.strerror or e})") from None
    finally:
        speech.close()
    return 0
