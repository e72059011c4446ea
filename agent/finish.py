"""The end of a run: grade the session, write its reports, and tell the candidate where they are."""
from __future__ import annotations

from pathlib import Path

from agent import faults
from agent.grading import finish_session
from agent.grading.summary import summary
from agent.progress import waiting
from agent.report import write_reports
from agent.session import Session, save_session


def grade_and_report(folder: Path, session: Session, brain) -> list[str]:
    """Grade (unless a grade is saved already), save, write report.html and report.md; return the
    lines to print."""
    if session.grade is None:
        with waiting("grading the interview…"):
            finish_session(session, brain)  # a brain without grade() means the offline grader
        faults.at_stage("grading")
        save_session(folder, session)
    grade = session.grade
    faults.at_stage("report")
    written = write_reports(folder, session=session)
    verdict = summary(grade) if grade else NO_ANSWERS
    return [verdict, *(f"report: {p}" for p in written)]


NO_ANSWERS = "No answers were recorded in this session, so there is nothing to grade and no verdict."
