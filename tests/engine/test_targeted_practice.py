"""Practising what went wrong last time: the question bank, pinned questions, a signal, a job posting."""
import json

from question_flows import get_flow, load_bank

from .conftest import REPO, run_interview_cli

SKIP_ALL = "/skip\n" * 12

SYNC_POSTING = """\
Technical Program Manager, Mobile Sync
You will lead offline-first sync across phones, tablets and web: conflict resolution, caching, and
keeping a user's data consistent across devices. You will run incident reviews with engineering
after production outages and own the postmortem process.
"""


def _main_questions(tmp_path, *args: str) -> list[str]:
    folder = tmp_path / "s"
    r = run_interview_cli("run", "--text", "--session-dir", str(folder), *args, cwd=REPO, stdin=SKIP_ALL)
    assert r.returncode == 0, r.stderr
    turns = json.loads((folder / "session.json").read_text())["turns"]
    return [t["question_id"] for t in turns if t["kind"] == "question"]


def test_questions_lists_a_flows_bank_with_whole_ids_in_80_columns(tmp_path):
    r = run_interview_cli("questions", "--flow", "quick_practice", cwd=tmp_path, env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    bank = load_bank()
    wanted = {qid for qid, q in bank.items() if q.category in get_flow("quick_practice").categories}
    listed = {line.split()[0] for line in lines if line.strip() and line.split()[0] in bank}
    assert listed == wanted
    assert "ai_ml_fluency" not in r.stdout


def test_questions_by_category_and_a_mistyped_category_gets_a_suggestion(tmp_path):
    r = run_interview_cli("questions", "--category", "platform_api_data", cwd=tmp_path)
    assert r.returncode == 0 and "api_breaking_change" in r.stdout and "latency_regression" not in r.stdout
    r = run_interview_cli("questions", "--category", "platform_api", cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1
    assert "did you mean 'platform_api_data'" in r.stderr


def test_run_question_asks_those_questions_first(tmp_path):
    asked = _main_questions(tmp_path, "--question", "api_breaking_change", "--question", "latency_regression")
    assert asked[:2] == ["api_breaking_change", "latency_regression"]


def test_a_mistyped_question_id_suggests_the_nearest_and_makes_no_session(tmp_path):
    r = run_interview_cli("run", "--text", "--question", "latency_regresion", "--session-dir", str(tmp_path / "s"),
                          cwd=REPO, stdin=SKIP_ALL)
    assert r.returncode == 2
    assert r.stderr.strip() == ("error: --question: unknown question id 'latency_regresion' "
                                "(did you mean 'latency_regression'?)")
    assert not (tmp_path / "s").exists()


def test_run_signal_draws_questions_that_probe_it(tmp_path):
    bank = load_bank()
    asked = _main_questions(tmp_path, "--signal", "platform_api_data")
    assert asked and all("platform_api_data" in bank[q].signals for q in asked), asked
    r = run_interview_cli("run", "--text", "--signal", "platform_api", "--session-dir", str(tmp_path / "x"), cwd=REPO)
    assert r.returncode == 2 and "did you mean 'platform_api_data'" in r.stderr


def test_a_job_description_steers_questions_to_what_the_posting_names(tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_text(SYNC_POSTING)
    assert _main_questions(tmp_path, "--job-description", str(posting)) == ["cross_device_sync", "resolve_production_issue"]
    default = _main_questions(tmp_path / "plain")
    assert "cross_device_sync" not in default and "resolve_production_issue" not in default
