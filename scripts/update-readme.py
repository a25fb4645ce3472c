#!/usr/bin/env python3
"""Refreshes the example outputs in README.md by running each `$ sextant …` command in it.

Every ```console block whose first line is `$ sextant ARGS` gets the command's real output
(standard output, run from the repository root with the release build; standard error for an
example that fails with exit status 2). The end-to-end test
`README examples are the tool's real output` fails when a block drifts from what the tool prints.

    swift build -c release --product sextant && python3 scripts/update-readme.py

(`SEXTANT_BINARY=PATH` runs another build, e.g. the debug one.)
"""
import os
import re
import shlex
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("SEXTANT_BINARY", os.path.join(ROOT, ".build", "release", "sextant"))


def refresh(match):
    command = match.group(1)
    args = shlex.split(command)
    result = subprocess.run([BINARY] + args[1:], cwd=ROOT, capture_output=True, text=True)
    # `sextant gate` exits 1, with its report, when the log is not ready for Auto-Pilot.
    succeeded = (0, 1) if args[1:2] == ["gate"] else (0,)
    if result.returncode not in succeeded + (2,):
        raise SystemExit(f"{command}: exit status {result.returncode}, not {' or '.join(map(str, succeeded + (2,)))}:\n{result.stderr}")
    output = (result.stdout if result.returncode in succeeded else result.stderr).replace("\r\n", "\n")
    return f"```console\n$ {command}\n{output.rstrip()}\n```"


def main():
    path = os.path.join(ROOT, "README.md")
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"```console\n\$ (sextant [^\n]*)\n.*?```", refresh, text, flags=re.S)
    open(path, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
