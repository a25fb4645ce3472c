#!/usr/bin/env python3
"""Reference verdicts for the `gaps` end-to-end test (not run in CI).

Writes gaps.csv, a 400-session log with known counts — 300 contained, 260 resolved, 200 reviewed
sessions with 1 P0, 3 P1 and 10 P2 issues (14 with any issue) — and gaps-expected.json: for each
case, a targets file and, computed here independently of Sextant, every rate's 95 % Wilson interval
(closed form, z from scipy), its verdict against the targets, the gap in points, the Jeffreys
posterior probability of reaching the floor (or staying within the ceiling), and the further
sessions that would settle an inconclusive verdict at the same rate (a linear scan over n, where
Sextant bisects). The cases cover every verdict: below, inconclusive, met and above for the rates;
met, inconclusive and above for issue rates; and P0 with zero tolerance, "above" although its
interval lies within the ceiling, because an issue was seen.

    python3 Tests/SextantCLITests/Fixtures/generate_gaps.py
"""
import json
import math
import os

import numpy as np
from scipy.stats import beta, norm

HERE = os.path.dirname(os.path.abspath(__file__))
Z = norm.ppf(0.975)

SESSIONS = 400
HELP = 100  # sys_human_help: neither contained nor resolved
FOLLOW_UP = 40  # sys_human_follow_up: contained, not resolved
REVIEWED = 200  # the last 200 sessions
ISSUES = {"P0": 1, "P1": 3, "P2": 10}

CASES = [
    {
        "name": "below, inconclusive, and issue rates met or inconclusive without zero tolerance",
        "contained": (0.80, 0.90),
        "resolution": (0.66, 0.85),
        "issues": {"P0": (0.05, False), "P1": (0.05, False), "P2": (0.06, False), "any": 0.10},
    },
    {
        "name": "met, above, and P0 above by zero tolerance although its interval is within the ceiling",
        "contained": (0.70, 0.78),
        "resolution": (0.55, 0.60),
        "issues": {"P0": (0.05, True), "P1": (0.004, False), "P2": (0.02, False), "any": 0.2},
    },
    {
        "name": "inconclusive near the floor or the ceiling, P0 with zero tolerance at a strict ceiling",
        "contained": (0.74, 0.90),
        "resolution": (0.60, 0.85),
        "issues": {"P0": (0.001, True), "P1": (0.02, False), "P2": (0.1, False), "any": 0.05},
    },
]


def wilson(count, total):
    """Wilson score interval for count/total (count may be fractional), as Wilson (1927) gives it."""
    p = count / total
    denominator = 1 + Z * Z / total
    center = (p + Z * Z / (2 * total)) / denominator
    half = Z / denominator * np.sqrt(p * (1 - p) / total + Z * Z / (4 * total * total))
    return center - half, center + half


def further(count, total, conclusive):
    """Fewest further sessions at the same rate after which `conclusive(lower, upper)` holds."""
    value = count / total
    start = total + 1
    while start < 2**40:
        n = np.arange(start, start * 4, dtype=float)
        lower, upper = wilson(value * n, n)
        hits = np.nonzero(conclusive(lower, upper))[0]
        if hits.size:
            return int(n[hits[0]]) - total
        start *= 4
    return None


def rate_gap(count, total, floor, ceiling):
    lower, upper = wilson(count, total)
    if upper < floor:
        verdict = "below"
    elif lower > ceiling:
        verdict = "above"
    elif lower >= floor:
        verdict = "met"
    else:
        verdict = "inconclusive"
    sessions = 0
    if verdict == "inconclusive":
        sessions = further(count, total, lambda lo, hi: (hi < floor) | (lo >= floor))
    return {
        "count": count, "total": total, "lower": float(lower), "upper": float(upper),
        "floor": floor, "ceiling": ceiling, "verdict": verdict,
        "gap_points": (count / total - floor) * 100,
        "probability_reaches_floor": float(beta.sf(floor, count + 0.5, total - count + 0.5)),
        "sessions_to_conclude": sessions,
    }


def issue_gap(count, total, ceiling, zero_tolerance):
    lower, upper = wilson(count, total)
    if zero_tolerance and count > 0:
        verdict = "above"
    elif upper <= ceiling:
        verdict = "met"
    elif lower > ceiling:
        verdict = "above"
    else:
        verdict = "inconclusive"
    sessions = 0
    if verdict == "inconclusive":
        sessions = further(count, total, lambda lo, hi: (hi <= ceiling) | (lo > ceiling))
    return {
        "count": count, "total": total, "lower": float(lower), "upper": float(upper),
        "ceiling": ceiling, "zero_tolerance": zero_tolerance, "verdict": verdict,
        "probability_within_ceiling": float(beta.cdf(ceiling, count + 0.5, total - count + 0.5)),
        "sessions_to_conclude": sessions,
    }


def write_log():
    lines = ["session_id,tags,issues,reviewed"]
    issues = [s for s, n in ISSUES.items() for _ in range(n)]
    for i in range(SESSIONS):
        tags = "sys_human_help" if i < HELP else "sys_human_follow_up" if i < HELP + FOLLOW_UP else ""
        reviewed = i >= SESSIONS - REVIEWED
        issue = issues[i - (SESSIONS - REVIEWED)] if reviewed and i - (SESSIONS - REVIEWED) < len(issues) else ""
        lines.append(f"s{i:03d},{tags},{issue},{'true' if reviewed else 'false'}")
    with open(os.path.join(HERE, "gaps.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


def targets_yaml(case):
    lines = ["version: 1"]
    for metric in ["contained", "resolution"]:
        floor, ceiling = case[metric]
        lines.append(f"{metric}: {{floor: {floor}, ceiling: {ceiling}}}")
    lines.append("issues:")
    for severity in ["P0", "P1", "P2"]:
        ceiling, zero = case["issues"][severity]
        lines.append(f"  {severity}: {{ceiling: {ceiling}, zero_tolerance: {'true' if zero else 'false'}}}")
    lines.append(f"  any: {{ceiling: {case['issues']['any']}}}")
    return "\n".join(lines) + "\n"


def main():
    write_log()
    contained = SESSIONS - HELP
    resolved = SESSIONS - HELP - FOLLOW_UP
    counts = dict(ISSUES, any=sum(ISSUES.values()))
    cases = []
    for case in CASES:
        issue_gaps = {}
        for severity in ["P0", "P1", "P2"]:
            ceiling, zero = case["issues"][severity]
            issue_gaps[severity] = issue_gap(counts[severity], REVIEWED, ceiling, zero)
        issue_gaps["any"] = issue_gap(counts["any"], REVIEWED, case["issues"]["any"], False)
        cases.append({
            "name": case["name"],
            "targets": targets_yaml(case),
            "gaps": {
                "contained": rate_gap(contained, SESSIONS, *case["contained"]),
                "resolution": rate_gap(resolved, SESSIONS, *case["resolution"]),
            },
            "issue_gaps": issue_gaps,
        })
    with open(os.path.join(HERE, "gaps-expected.json"), "w", encoding="utf-8") as f:
        json.dump({"z": Z, "cases": cases}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
