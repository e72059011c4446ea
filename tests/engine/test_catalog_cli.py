"""`interview flows` and `interview rubrics`: what a candidate can practise and how it is graded."""
from agent.cli import main
from question_flows import load_flows


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_flows_lists_every_round_with_its_length(capsys):
    code, out, _ = _run(capsys, "flows")
    assert code == 0
    for flow in load_flows().values():
        assert flow.id in out
    assert "112 questions" in out or "questions in the bank" in out


def test_flows_show_gives_persona_timing_and_question_mix(capsys):
    code, out, _ = _run(capsys, "flows", "show", "system_design")
    flow = load_flows()["system_design"]
    assert code == 0
    assert f"{flow.duration_min} min" in out and flow.persona.name in out
    for category in flow.categories:
        assert category in out


def test_rubrics_show_gives_weights_per_level_and_level_bars(capsys):
    code, out, _ = _run(capsys, "rubrics", "show", "tpm_scorecard")
    assert code == 0
    assert "associate" in out and "staff" in out and "Level bars" in out
    assert "System and architecture fluency" in out


def test_unknown_ids_are_one_line_errors(capsys):
    code, _, err = _run(capsys, "flows", "show", "nope")
    assert code == 2 and err.startswith("error: unknown flow 'nope' (known: ") and err.count("\n") == 1
    code, _, err = _run(capsys, "rubrics", "show", "nope")
    assert code == 2 and err.startswith("error: unknown rubric 'nope'")
