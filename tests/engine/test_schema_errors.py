"""A broken data file gives one line naming the file and the field, never a traceback."""
from pathlib import Path

import pytest
import yaml

from question_flows import DataFileError
from question_flows.loader import load_bank_dir, load_flows_dir
from rubrics import RubricError, load_rubric_file
from rubrics.loader import _data_dir as rubric_dir
from question_flows.loader import _data_dir as flows_dir


def _copy_with(src: Path, dst: Path, mutate) -> Path:
    data = yaml.safe_load(src.read_text())
    mutate(data)
    dst.write_text(yaml.safe_dump(data, sort_keys=False))
    return dst


def test_a_question_without_areas_to_cover_names_file_index_and_field(tmp_path):
    src = sorted((flows_dir() / "bank").glob("*.yaml"))[0]
    broken = _copy_with(src, tmp_path / "system_design.yaml", lambda d: d["questions"][3].pop("areas_to_cover"))
    with pytest.raises(DataFileError) as e:
        load_bank_dir(tmp_path)
    assert str(e.value) == f"{broken}: questions[3].areas_to_cover: field required"


def test_a_follow_up_aimed_at_an_unknown_area_is_rejected(tmp_path):
    src = sorted((flows_dir() / "bank").glob("*.yaml"))[0]
    _copy_with(src, tmp_path / "b.yaml", lambda d: d["questions"][0]["follow_ups"][0].update(area="nowhere", probe=None))
    with pytest.raises(DataFileError, match=r"questions\[0\]: follow_ups\[0\]\.area: unknown area 'nowhere'"):
        load_bank_dir(tmp_path)


def test_duplicate_question_ids_across_files_are_rejected(tmp_path):
    src = sorted((flows_dir() / "bank").glob("*.yaml"))[0]
    (tmp_path / "a.yaml").write_text(src.read_text())
    (tmp_path / "b.yaml").write_text(src.read_text())
    with pytest.raises(DataFileError, match="b.yaml: duplicate question id"):
        load_bank_dir(tmp_path)


def test_invalid_yaml_names_the_line(tmp_path):
    (tmp_path / "quick.yaml").write_text("id: quick\nname: [unclosed\n")
    with pytest.raises(DataFileError, match=r"quick.yaml: invalid YAML \(line \d+\)"):
        load_flows_dir(tmp_path)


def test_a_flow_with_a_zero_category_count_is_rejected(tmp_path):
    src = flows_dir() / "flows" / "quick_practice.yaml"
    def zero(d):
        d["categories"][next(iter(d["categories"]))] = 0
    _copy_with(src, tmp_path / "quick_practice.yaml", zero)
    with pytest.raises(DataFileError, match="quick_practice.yaml: categories: each category count must be a positive integer"):
        load_flows_dir(tmp_path)


def test_rubric_weights_must_sum_to_100_for_every_level(tmp_path):
    src = rubric_dir() / "tpm_scorecard.yaml"
    broken = _copy_with(src, tmp_path / "tpm_scorecard.yaml", lambda d: d["signals"][0]["weights"].update(staff=99))
    with pytest.raises(RubricError) as e:
        load_rubric_file(broken)
    assert str(e.value).startswith(f"{broken}: weights for level 'staff' sum to ")
    assert "\n" not in str(e.value)
