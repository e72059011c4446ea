from __future__ import annotations

from pathlib import Path

import pytest
import yaml


@pytest.fixture
def write_script(tmp_path: Path):
    """Write a scripted-run YAML file into the test's tmp folder."""
    def write(name: str = "script.yaml", **content) -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(content, sort_keys=False))
        return path
    return write
