"""`make bench`: run every benchmark in one go, then print one table of figures."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bench_import.py",
    "bench_background_import.py",
    "bench_web.py",
    "bench_extraction.py",
    "bench_search.py",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.jsonl"
        results.touch()
        failed = []
        for script in BENCHMARKS:
            print(f"\n=== {script}", flush=True)
            run = subprocess.run(
                [sys.executable, str(HERE / script)],
                env={**os.environ, "BENCH_RESULTS": str(results)},
            )
            if run.returncode:
                failed.append(script)
        rows = [json.loads(line) for line in results.read_text().splitlines()]

    print("\n| benchmark | figure | value | unit | goal |")
    print("|---|---|---:|---|---|")
    for row in rows:
        print(
            f"| {row['benchmark']} | {row['figure']} | {row['value']:,.2f} | "
            f"{row['unit']} | {row['goal']} |"
        )
    if failed:
        print(f"\nNot every goal was met or a benchmark failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
