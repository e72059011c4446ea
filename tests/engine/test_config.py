"""Where sessions live and the usual choices: INTERVIEW_HOME, the config file, and flags that win."""
import json
from pathlib import Path

from grading.fake_openai import FakeOpenAI
from support import REPO, run_interview_cli

ANSWER = "I would ask who the limit protects first, then write the latency budget into the spec.\n\n/end\n"


def _config(tmp_path: Path, text: str) -> dict:
    (tmp_path / "cfg" / "tpm-interview").mkdir(parents=True, exist_ok=True)
    (tmp_path / "cfg" / "tpm-interview" / "config.toml").write_text(text)
    return {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "INTERVIEW_HOME": "", "INTERVIEW_LLM_MODEL": ""}


def _only_session(root: Path) -> dict:
    [path] = root.glob("*/session.json")
    return json.loads(path.read_text())


def test_interview_home_makes_sessions_work_from_any_directory(tmp_path):
    home, here, there = tmp_path / "home", tmp_path / "a", tmp_path / "b"
    here.mkdir(), there.mkdir()
    env = {"INTERVIEW_HOME": str(home), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    r = run_interview_cli("run", "--text", cwd=here, stdin=ANSWER, env=env)
    assert r.returncode == 0, r.stderr
    assert not (here / "sessions").exists()
    sid = _only_session(home)["id"]
    listed = run_interview_cli("sessions", cwd=there, env={**env, "COLUMNS": "100"})
    assert listed.returncode == 0 and sid in listed.stdout
    assert run_interview_cli("report", sid, "--md", cwd=there, env=env).returncode == 0


def test_the_config_file_sets_root_flow_and_level_and_flags_win(tmp_path):
    env = _config(tmp_path, f'sessions = "{tmp_path / "mine"}"\nflow = "behavioral"\nlevel = "senior"\n')
    r = run_interview_cli("run", "--text", cwd=tmp_path, stdin=ANSWER, env=env)
    assert r.returncode == 0, r.stderr
    session = _only_session(tmp_path / "mine")
    assert (session["flow"], session["level"]) == ("behavioral", "senior")
    r = run_interview_cli("run", "--text", "--flow", "quick_practice", "--session-dir", str(tmp_path / "flag"),
                          cwd=tmp_path, stdin=ANSWER, env=env)
    assert r.returncode == 0, r.stderr
    flagged = json.loads((tmp_path / "flag" / "session.json").read_text())
    assert (flagged["flow"], flagged["level"]) == ("quick_practice", "senior")
    assert run_interview_cli("sessions", "--root", str(tmp_path / "nowhere"), cwd=tmp_path, env=env).returncode == 2


def test_the_config_file_names_the_llm_and_the_environment_wins(tmp_path):
    with FakeOpenAI([{"content": "Which service did the traces point to first?"}]) as server:
        env = _config(tmp_path, f'[llm]\nmodel = "from-config"\nbase_url = "{server.base_url}"\n')
        r = run_interview_cli("run", "--text", "--session-dir", str(tmp_path / "s"), cwd=tmp_path, stdin=ANSWER,
                              env={**env, "OPENAI_API_KEY": "sk-x"})
        assert r.returncode == 0, r.stderr
        assert json.loads((tmp_path / "s" / "session.json").read_text())["brain"] == "llm:from-config"
        r = run_interview_cli("run", "--text", "--session-dir", str(tmp_path / "e"), cwd=tmp_path, stdin=ANSWER,
                              env={**env, "OPENAI_API_KEY": "sk-x", "INTERVIEW_LLM_MODEL": "from-env",
                                   "OPENAI_BASE_URL": server.base_url})
        assert json.loads((tmp_path / "e" / "session.json").read_text())["brain"] == "llm:from-env"


def test_a_broken_config_file_is_one_line_naming_it(tmp_path):
    env = _config(tmp_path, 'levle = "senior"\n')
    r = run_interview_cli("run", "--text", cwd=tmp_path, stdin=ANSWER, env=env)
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1
    assert "config.toml: levle: extra inputs are not permitted" in r.stderr


def test_the_llm_settings_take_flags_then_environment_then_the_file(tmp_path, monkeypatch):
    from agent.llm.config import config_from

    env = _config(tmp_path, '[llm]\nmodel = "from-config"\nbase_url = "http://127.0.0.1:9/v1"\ntimeout_s = 5\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", env["XDG_CONFIG_HOME"])
    from_file = config_from(None, {})
    assert (from_file.model, from_file.base_url, from_file.timeout_s) == ("from-config", "http://127.0.0.1:9/v1", 5)
    assert config_from(None, {"INTERVIEW_LLM_TIMEOUT": "180"}).timeout_s == 180  # the environment wins
    # A model chosen elsewhere is never sent to the file's server.
    assert config_from(None, {"INTERVIEW_LLM_MODEL": "from-env"}).base_url is None
