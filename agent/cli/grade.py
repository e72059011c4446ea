"""`interview grade SESSION_DIR|TRANSCRIPT.yaml`: grade (or re-grade) a session or a transcript.

The grade is printed; with `--save`, a session's new grade is appended to `grades` and becomes
`grade`, with its settings, and its reports are refreshed; earlier grades are kept, and the same
grade is never recorded twice. `--json` prints the grade object and nothing else. SOURCE_DATE_EPOCH, when set,
stamps the grade with that time instead of now, so reruns are byte-identical.
"""
from __future__ import annotations

import argparse
import os
import sys
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

from agent.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    from agent.llm.config import add_llm_arguments

    p = sub.add_parser("grade", help="grade a session folder or a transcript file (offline, or with an LLM)")
    p.add_argument("target", type=Path, metavar="SESSION_DIR|TRANSCRIPT.yaml")
    p.add_argument("--rubric", metavar="ID", help="rubric id (default: the session's, else tpm_scorecard)")
    p.add_argument("--level", help="associate | mid | senior | staff: level to grade against (default: the "
                                  "session's or transcript's, else mid)")
    p.add_argument("--json", action="store_true", help="print only the grade as JSON")
    p.add_argument("--save", action="store_true",
                   help="sessions: record the grade in session.json and refresh its reports (default: print only)")
    add_llm_arguments(p)
    p.set_defaults(func=cmd_grade)


def _created_at() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc).isoformat(timespec="seconds")
    except ValueError:
        raise UserError(f"SOURCE_DATE_EPOCH: not a number of seconds: {epoch!r}") from None


def _brain(args: argparse.Namespace):
    from agent.llm.config import config_from

    config = config_from(args)
    if config is None:
        return None
    from agent.brain.llm import LLMBrain
    from agent.llm.notices import brain_announcement
    from agent.progress import tell

    tell(brain_announcement(config))  # stderr: --json output stays clean
    return LLMBrain(config)


def _check_level(level: str, where: str) -> str:
    from agent.errors import check_known
    from rubrics import LEVELS

    check_known(level, list(LEVELS), "level", where)
    return level


def cmd_grade(args: argparse.Namespace) -> int:
    from agent.grading import grade_session, record_grade
    from agent.grading.summary import summary
    from agent.locks import writer_lock
    from agent.progress import waiting
    from agent.report import refresh_reports
    from agent.session import load_session, save_session, session_file
    from rubrics import get_rubric

    target: Path = args.target
    if args.level:
        _check_level(args.level, "--level")
    brain = _brain(args)
    created_at = _created_at()
    if target.is_dir():
        session_file(target)  # a clear error for a folder that is not a session, before locking it
        # --save: a live run would overwrite the new grade with its own copy of the session.
        with writer_lock(target) if args.save else nullcontext():
            session = load_session(target)
            _must_have_answers(target, session)
            rubric = get_rubric(args.rubric or session.rubric)
            with waiting("grading…"):
                grade = grade_session(session, rubric, args.level or session.level, brain, created_at=created_at)
            if args.save:
                added = record_grade(session, grade)
                save_session(target, session)
                refresh_reports(target, session)
    elif target.is_file():
        from agent.grading.transcript import read_transcript, transcript_session
        from question_flows import load_bank

        tf = read_transcript(target)
        level = _check_level(args.level or tf.level or "mid", f"{target}: level")
        rubric = get_rubric(args.rubric or tf.rubric or "tpm_scorecard")
        bank = load_bank()
        session, questions = transcript_session(tf, rubric, bank, level, target.stem)
        _must_have_answers(target, session)
        with waiting("grading…"):
            grade = grade_session(session, rubric, level, brain, bank=bank, questions=questions, created_at=created_at)
    else:
        raise UserError(f"{target}: no such session folder or transcript file")
    if args.json:
        sys.stdout.write(grade.model_dump_json(indent=2) + "\n")
    else:
        print(summary(grade))
        if target.is_dir() and args.save:
            what = "saved" if added else "same as a grade already saved; kept once"
            print(f"\n{what}: {target / 'session.json'} (grade {len(session.grades)} of this session)")
        elif target.is_dir():
            print(f"\nnot saved (add --save to record it in {target / 'session.json'} and refresh the reports)")
    return 0


def _must_have_answers(target: Path, session) -> None:
    from agent.grading import has_answers

    if not has_answers(session):
        raise UserError(f"{target}: no answers to grade (every turn is empty or skipped)")
