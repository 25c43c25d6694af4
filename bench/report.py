"""One table for `make bench`: each benchmark records its figures here.

A benchmark run on its own prints its own lines; under `make bench` (BENCH_RESULTS
set) it also appends one JSON line per figure, and bench/run_all.py prints them all
as one table.
"""

import json
import os


def record(
    benchmark: str, figure: str, value: float, unit: str, goal: str = ""
) -> None:
    results = os.environ.get("BENCH_RESULTS")
    if not results:
        return
    with open(results, "a", encoding="utf-8") as out:
        row = {"benchmark": benchmark, "figure": figure, "value": value}
        out.write(json.dumps({**row, "unit": unit, "goal": goal}) + "\n")
