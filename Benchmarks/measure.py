#!/usr/bin/env python3
"""Times commands side by side: median wall time and peak memory over repeated runs.

    python3 Benchmarks/measure.py RUNS NAME -- CMD... [--- NAME -- CMD...]

Each command runs RUNS times, alternating with the others so that machine noise hits all alike;
GNU time reports wall seconds and peak resident memory. Prints one JSON object per command:
{"name", "median_seconds", "seconds", "peak_mb"}.
"""
import json
import statistics
import subprocess
import sys
import tempfile


def main():
    runs = int(sys.argv[1])
    groups, current = [], None
    for arg in sys.argv[2:]:
        if arg == "---":
            current = None
        elif current is None:
            current = {"name": arg, "cmd": [], "seconds": [], "peak": []}
            groups.append(current)
        elif arg == "--" and not current["cmd"]:
            continue
        else:
            current["cmd"].append(arg)
    for _ in range(runs):
        for group in groups:
            with tempfile.NamedTemporaryFile("r") as timing:
                subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", timing.name] + group["cmd"],
                               check=True, stdout=subprocess.DEVNULL)
                seconds, kilobytes = timing.read().split()[-2:]
            group["seconds"].append(float(seconds))
            group["peak"].append(int(kilobytes) / 1024)
    for group in groups:
        print(json.dumps({"name": group["name"], "median_seconds": statistics.median(group["seconds"]),
                          "seconds": group["seconds"], "peak_mb": max(group["peak"])}))


if __name__ == "__main__":
    main()
