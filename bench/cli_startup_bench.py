"""How long `interview --help` (and a usage error) takes: the price of every command before it starts.

Argument parsing imports only argparse and the command modules; pydantic, numpy, Rich, the data
loaders and the models load when a command runs. Usage: .venv/bin/python bench/cli_startup_bench.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

INTERVIEW = Path(sys.executable).with_name("interview")
RUNS = 7


def wall_s(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(INTERVIEW), *args], capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    for args in (["--help"], ["run", "--help"], ["grade", "--level"]):
        times = [wall_s(*args) for _ in range(RUNS)]
        print(f"interview {' '.join(args)}: median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}, {RUNS} runs)")
    print(f"load: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
