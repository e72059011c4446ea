"""Peak memory (RSS) of a whole scripted session through real audio: `interview run --script`.

Samples the resident set of the interview process and its children (the TTS worker) every 20 ms
and reports the peak of their sum. Usage: .venv/bin/python bench/session_memory_bench.py [SCRIPT [RUN OPTIONS...]]
(e.g. `... examples/system_design_demo.yaml --patience 1.8` to leave the end-of-turn model out).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def main() -> None:
    script = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "system_design_demo.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "agent.cli", "run", "--script", str(script), "--session-dir", f"{tmp}/s", *sys.argv[2:]]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL)
        peak_total = peak_main = 0
        while proc.poll() is None:
            pids = tree(proc.pid)
            total = sum(rss_kb(p) for p in pids)
            peak_total, peak_main = max(peak_total, total), max(peak_main, rss_kb(proc.pid))
            time.sleep(0.02)
        assert proc.returncode == 0
        turns = len(json.loads(Path(f"{tmp}/s/session.json").read_text())["turns"])
    print(json.dumps({"script": script.name, "turns": turns, "wall_s": round(time.perf_counter() - started, 1),
                      "peak_rss_mb_total": round(peak_total / 1024, 1),
                      "peak_rss_mb_interview_process": round(peak_main / 1024, 1)}, indent=2))


if __name__ == "__main__":
    main()
