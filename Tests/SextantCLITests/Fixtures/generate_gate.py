#!/usr/bin/env python3
"""Reference verdicts for the `gate` end-to-end tests (not run in CI).

Writes gate.csv, a session log with known counts per ISO week and intent, and gate-counts.csv, the
same log pre-aggregated (the counts format, with week and intent columns), across the 2025/2026
year boundary with one quiet week (2026-W02: no sessions), and gate-expected.json: for each case,
a policy file (and flags), and — computed here independently of Sextant — the weeks the window
takes, every criterion's figure (the count, or the interval bound compared: Wilson in closed form
with z from scipy, Clopper–Pearson from scipy's Beta quantiles), threshold and result, overall and
per intent, and the exit status.

    python3 Tests/SextantCLITests/Fixtures/generate_gate.py
"""
import json
import os
from datetime import date, timedelta

from scipy.stats import beta, norm

HERE = os.path.dirname(os.path.abspath(__file__))

# The Monday of each week (ISO weeks: 2025 has 52, so 2025-W52 is followed by 2026-W01).
WEEKS = {"2025-W51": "2025-12-15", "2025-W52": "2025-12-22", "2026-W01": "2025-12-29", "2026-W03": "2026-01-12"}
QUIET = "2026-W02"  # no sessions: the window still counts it
ORDER = ["2025-W51", "2025-W52", "2026-W01", "2026-W02", "2026-W03"]
WORKFLOW = "service-technology"  # target floors: contained 0.70, resolution 0.60
TARGET_FLOORS = {"contained": 0.70, "resolution": 0.60}

# (week, intent) -> sessions, help, follow-up only, reviewed, P0, P1, P2 (each issue on its own session).
DATA = {}
for week in WEEKS:
    late = week.startswith("2026")
    DATA[(week, "alpha")] = (300, 24, 15, 120, 0, 1, 3)
    DATA[(week, "beta")] = (40, 4, 2, 20, 0, 0, 1)
    DATA[(week, "gamma")] = (100, 35, 10, 40, 0 if late else 1, 2, 2)
DATA[("2026-W03", "")] = (10, 1, 0, 5, 0, 0, 0)  # sessions without an intent: the intent "(none)"

READY = {
    "min_sessions": 1000, "min_reviewed": 400, "contained": "target", "resolution": 0.75,
    "issues": {"P0": 0.02, "P1": 0.04, "any": 0.1},
}

CASES = [
    ("ready: every criterion passes overall; alpha alone among the intents", READY, [], None),
    ("ready with Clopper-Pearson bounds at 90%", dict(READY, method="clopper-pearson", confidence=0.9), [], None),
    ("fails min_sessions only", dict(READY, min_sessions=2000), [], None),
    ("fails min_reviewed only", dict(READY, min_reviewed=1000), [], None),
    ("fails contained only: its lower bound is under the floor", dict(READY, contained=0.85), [], None),
    ("fails resolution only", dict(READY, resolution=0.79), [], None),
    ("fails P0 only", dict(READY, issues={"P0": 0.01, "P1": 0.04, "any": 0.1}), [], None),
    ("fails P1 only", dict(READY, issues={"P0": 0.02, "P1": 0.02, "any": 0.1}), [], None),
    ("fails any only", dict(READY, issues={"P0": 0.02, "P1": 0.04, "any": 0.06}), [], None),
    ("P0 fails on its upper bound although no P0 was seen in the window",
     {"issues": {"P0": 0.005}, "window_weeks": 3}, [], None),
    ("too small: the last week alone has too few sessions and reviews",
     dict(READY, window_weeks=1), [], None),
    ("a window of 2 calendar weeks holds one week of sessions (2026-W02 is quiet)",
     {"min_sessions": 400, "contained": 0.8, "window_weeks": 2}, [], None),
    ("a window across the year boundary, judged with Jeffreys intervals",
     {"min_sessions": 100, "resolution": "target", "issues": {"P2": 0.05}, "window_weeks": 4, "method": "jeffreys"},
     [], None),
    ("flags override the file: a failing contained floor lowered, a ceiling added",
     dict(READY, contained=0.85), ["--contained-floor", "0.8", "--ceiling", "P2=0.06"], "flags"),
    ("flags alone, no policy file", None,
     ["--min-sessions", "1000", "--resolution-floor", "target", "--ceiling", "P0=0.02,P1=0.04", "--window-weeks", "5"],
     "flags"),
]


def wilson(count, total, confidence):
    z = norm.ppf(1 - (1 - confidence) / 2)
    p = count / total
    denominator = 1 + z * z / total
    center = (p + z * z / (2 * total)) / denominator
    half = z / denominator * (p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5
    return float(max(0.0, center - half)), float(min(1.0, center + half))


def clopper_pearson(count, total, confidence):
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else beta.ppf(alpha / 2, count, total - count + 1)
    upper = 1.0 if count == total else beta.ppf(1 - alpha / 2, count + 1, total - count)
    return float(lower), float(upper)


def jeffreys(count, total, confidence):
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else beta.ppf(alpha / 2, count + 0.5, total - count + 0.5)
    upper = 1.0 if count == total else beta.ppf(1 - alpha / 2, count + 0.5, total - count + 0.5)
    return float(lower), float(upper)


METHODS = {"wilson": wilson, "clopper-pearson": clopper_pearson, "jeffreys": jeffreys}


def tally(keys):
    t = dict(sessions=0, contained=0, resolved=0, reviewed=0, P0=0, P1=0, P2=0, any=0)
    for key in keys:
        n, helped, follow_up, reviewed, p0, p1, p2 = DATA[key]
        t["sessions"] += n
        t["contained"] += n - helped
        t["resolved"] += n - helped - follow_up
        t["reviewed"] += reviewed
        t["P0"] += p0
        t["P1"] += p1
        t["P2"] += p2
        t["any"] += p0 + p1 + p2
    return t


def judge(policy, t):
    method = METHODS[policy.get("method", "wilson")]
    confidence = policy.get("confidence", 0.95)
    criteria = []
    for name, key in [("min_sessions", "sessions"), ("min_reviewed", "reviewed")]:
        if name in policy:
            criteria.append({"name": name, "figure": t[key], "threshold": policy[name], "passed": t[key] >= policy[name]})
    for name, count in [("contained", "contained"), ("resolution", "resolved")]:
        if name in policy:
            floor = TARGET_FLOORS[name] if policy[name] == "target" else policy[name]
            lower = method(t[count], t["sessions"], confidence)[0] if t["sessions"] else None
            criteria.append({"name": name, "figure": lower, "threshold": floor,
                             "passed": bool(lower is not None and lower >= floor)})
    for name in ["P0", "P1", "P2", "any"]:
        if name in policy.get("issues", {}):
            ceiling = policy["issues"][name]
            upper = method(t[name], t["reviewed"], confidence)[1] if t["reviewed"] else None
            criteria.append({"name": name, "figure": upper, "threshold": ceiling,
                             "passed": bool(upper is not None and upper <= ceiling)})
    return criteria


def policy_yaml(policy):
    lines = ["version: 1"]
    for key in ["confidence", "method", "min_sessions", "min_reviewed"]:
        if key in policy:
            lines.append(f"{key}: {policy[key]}")
    for key in ["contained", "resolution"]:
        if key in policy:
            lines.append(f"{key}: {{floor: {policy[key]}}}")
    if "issues" in policy:
        lines.append("issues:")
        for name, ceiling in policy["issues"].items():
            lines.append(f"  {name}: {{ceiling: {ceiling}}}")
    if "window_weeks" in policy:
        lines.append(f"window_weeks: {policy['window_weeks']}")
    return "\n".join(lines) + "\n"


def flags_policy(policy, flags):
    """The policy the flags make of `policy` (None: no file)."""
    policy = dict(policy or {})
    policy["issues"] = dict(policy.get("issues", {}))
    i = 0
    while i < len(flags):
        flag, value = flags[i], flags[i + 1]
        i += 2
        if flag == "--ceiling":
            for pair in value.split(","):
                name, ceiling = pair.split("=")
                policy["issues"][name] = float(ceiling)
        else:
            key = {"--min-sessions": "min_sessions", "--window-weeks": "window_weeks", "--contained-floor": "contained",
                   "--resolution-floor": "resolution"}[flag]
            policy[key] = value if value == "target" else float(value) if "." in value else int(value)
    return policy


def write_logs():
    lines = ["session_id,started_at,workflow,intent,tags,issues,reviewed"]
    counts = ["week,intent,workflow,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue"]
    number = 0
    for (week, intent), (n, helped, follow_up, reviewed, p0, p1, p2) in DATA.items():
        issues = ["P0"] * p0 + ["P1"] * p1 + ["P2"] * p2
        for i in range(n):
            number += 1
            tags = "sys_human_help" if i < helped else "sys_human_follow_up;faq" if i < helped + follow_up else "faq"
            # The reviewed sessions are the last ones; the first of them carry the issues.
            r = i - (n - reviewed)
            issue = issues[r] if 0 <= r < len(issues) else ""
            day = date.fromisoformat(WEEKS[week]) + timedelta(days=i % 7)  # Monday to Sunday
            lines.append(f"g{number:05d},{day}T{8 + i % 10:02d}:00:00Z,{WORKFLOW},{intent},{tags},{issue},{'true' if r >= 0 else 'false'}")
        counts.append(f"{week},{intent},{WORKFLOW},{n},{helped},{helped + follow_up},{reviewed},{p0},{p1},{p2},{p0 + p1 + p2}")
    with open(os.path.join(HERE, "gate.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(HERE, "gate-counts.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(counts) + "\n")


def main():
    write_logs()
    cases = []
    for name, policy, flags, kind in CASES:
        effective = flags_policy(policy, flags) if kind == "flags" else policy
        weeks = effective.get("window_weeks")
        window = ORDER[-weeks:] if weeks else ORDER
        keys = [key for key in DATA if key[0] in window]
        overall = judge(effective, tally(keys))
        intents = []
        for intent in sorted({key[1] for key in DATA}, key=lambda i: i or "(none)"):
            criteria = judge(effective, tally([key for key in keys if key[1] == intent]))
            intents.append({"intent": intent or "(none)", "ready": all(c["passed"] for c in criteria),
                            "failing": [c["name"] for c in criteria if not c["passed"]]})
        ready = all(c["passed"] for c in overall)
        cases.append({
            "name": name,
            "policy": policy_yaml(policy) if policy is not None else None,
            "flags": flags,
            "window": {"first": window[0], "last": window[-1]} if weeks else None,
            "sessions": tally(keys)["sessions"],
            "ready": ready,
            "status": 0 if ready else 1,
            "criteria": overall,
            "intents": intents,
        })
    with open(os.path.join(HERE, "gate-expected.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
