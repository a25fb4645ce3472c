#!/usr/bin/env python3
"""Reference figures for the `review` end-to-end test (not run in CI; the outputs are committed).

Writes review.csv, a log of five weeks with sessions across a year boundary and a week without
any (2025-W51, 2025-W52, 2026-W01, no 2026-W02, 2026-W03 without reviews, 2026-W04), with known
counts per week; review-changes.yaml, one change in 2026-W01; and review-expected.json: for each
case (all weeks, then --weeks 3), every week's figures computed here independently of Sextant:

* change: this week's rate minus the rate of the last earlier week with sessions, with Newcombe's
  hybrid score interval, statsmodels.stats.proportion.confint_proportions_2indep(method="newcomb",
  compare="diff", alpha=0.05), and the two-sided pooled z-test p-value,
  statsmodels.stats.proportion.proportions_ztest (NaN there -- no difference possible -- is
  written as 1); significant when p < 0.05; null when either week has no trials for the metric.
* control: p-chart limits, centre = the metric's counts over its totals pooled over the weeks
  shown, limits = centre -/+ 3 sqrt(centre (1 - centre) / n_week) clipped to [0, 1]; signal when
  the week's rate is strictly outside; null for a week without trials.
* the change's effect: the weeks with sessions from the change's week on, pooled, against the
  weeks shown before it, pooled, with the same interval and test.

    python3 -m venv /tmp/sm && /tmp/sm/bin/pip install statsmodels
    /tmp/sm/bin/python Tests/SextantCLITests/Fixtures/generate_review.py
"""
import datetime as dt
import json
import math
import os

from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIDENCE = 0.95

# week label, Monday, sessions, help, follow-up (not help), reviewed, P0, P1, P2 (one severity each)
WEEKS = [
    ("2025-W51", dt.date(2025, 12, 15), 400, 80, 40, 100, 0, 2, 5),
    ("2025-W52", dt.date(2025, 12, 22), 420, 84, 42, 110, 1, 3, 4),
    ("2026-W01", dt.date(2025, 12, 29), 380, 40, 30, 95, 0, 1, 6),
    ("2026-W03", dt.date(2026, 1, 12), 450, 70, 45, 0, 0, 0, 0),
    ("2026-W04", dt.date(2026, 1, 19), 500, 75, 40, 120, 0, 2, 3),
]
ALL_LABELS = ["2025-W51", "2025-W52", "2026-W01", "2026-W02", "2026-W03", "2026-W04"]
CHANGE = {"date": "2025-12-31", "week": "2026-W01", "area": "assets", "what": "Holiday returns policy published"}
METRICS = ["contained", "resolution", "P0", "P1", "P2", "any"]


def counts(week):
    _, _, sessions, help_, follow, reviewed, p0, p1, p2 = week
    return {
        "contained": (sessions - help_, sessions),
        "resolution": (sessions - help_ - follow, sessions),
        "P0": (p0, reviewed), "P1": (p1, reviewed), "P2": (p2, reviewed), "any": (p0 + p1 + p2, reviewed),
    }


def pooled(weeks):
    return {m: (sum(counts(w)[m][0] for w in weeks), sum(counts(w)[m][1] for w in weeks)) for m in METRICS}


def difference(later, earlier):
    (k1, n1), (k2, n2) = later, earlier
    if n1 == 0 or n2 == 0:
        return None
    lower, upper = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=1 - CONFIDENCE)
    _, p = proportions_ztest([k1, k2], [n1, n2])
    p = 1.0 if math.isnan(p) else float(p)
    return {"difference": k1 / n1 - k2 / n2, "lower": float(lower), "upper": float(upper), "p_value": p,
            "significant": p < 1 - CONFIDENCE}


def control(center, k, n):
    if n == 0 or center is None:
        return None
    sigma = math.sqrt(center * (1 - center) / n)
    lower, upper = max(0.0, center - 3 * sigma), min(1.0, center + 3 * sigma)
    rate = k / n
    return {"center": center, "lower_limit": lower, "upper_limit": upper, "signal": rate > upper or rate < lower}


def case(name, args, shown_labels):
    by_label = {w[0]: w for w in WEEKS}
    shown = [by_label[l] for l in shown_labels if l in by_label]
    totals = pooled(shown)
    centers = {m: (k / n if n else None) for m, (k, n) in totals.items()}
    weeks = []
    for label in shown_labels:
        week = by_label.get(label)
        entry = {"week": label, "has_data": week is not None}
        if week is None:
            entry.update(compared_with=None, change={m: None for m in METRICS}, control={m: None for m in METRICS})
        else:
            earlier = [w for w in WEEKS if w[1] < week[1]]
            previous = earlier[-1] if earlier else None
            entry["compared_with"] = previous[0] if previous else None
            entry["change"] = {m: (difference(counts(week)[m], counts(previous)[m]) if previous else None) for m in METRICS}
            entry["control"] = {m: control(centers[m], *counts(week)[m]) for m in METRICS}
        weeks.append(entry)
    before = [w for w in shown if w[0] < CHANGE["week"]]
    after = [w for w in shown if w[0] >= CHANGE["week"]]
    effect = {
        "before_weeks": [w[0] for w in before], "after_weeks": [w[0] for w in after],
        "difference": {m: (difference(pooled(after)[m], pooled(before)[m]) if before and after else None) for m in METRICS},
    }
    return {"name": name, "args": args, "centers": centers, "weeks": weeks, "change_effect": effect}


def main():
    rows = ["session_id,started_at,tags,issues,reviewed,handoff_reason"]
    serial = 0
    for label, monday, sessions, help_, follow, reviewed, p0, p1, p2 in WEEKS:
        severities = ["P0"] * p0 + ["P1"] * p1 + ["P2"] * p2
        for i in range(sessions):
            serial += 1
            started = dt.datetime.combine(monday + dt.timedelta(days=i % 7), dt.time(9 + i % 8, i % 60))
            if i < help_:
                tags, reason = "sys_human_help", "missing_knowledge" if i % 2 == 0 else "user_request"
            elif i < help_ + follow:
                tags, reason = "sys_human_follow_up", "action_failed"
            else:
                tags, reason = "", ""
            # Reviews are the last `reviewed` sessions of the week; issues the first of those.
            r = i - (sessions - reviewed)
            is_reviewed = r >= 0
            issues = severities[r] if is_reviewed and r < len(severities) else ""
            rows.append("S%05d,%sZ,%s,%s,%s,%s" % (serial, started.isoformat(), tags, issues,
                                                 "true" if is_reviewed else "false", reason))
    with open(os.path.join(HERE, "review.csv"), "w") as out:
        out.write("\n".join(rows) + "\n")
    with open(os.path.join(HERE, "review-changes.yaml"), "w") as out:
        out.write("version: 1\nchanges:\n  - date: %s\n    area: %s\n    what: %s\n" % (CHANGE["date"], CHANGE["area"], CHANGE["what"]))
    cases = [case("every week", [], ALL_LABELS), case("the last 3 weeks", ["--weeks", "3"], ALL_LABELS[-3:])]
    with open(os.path.join(HERE, "review-expected.json"), "w") as out:
        json.dump({"confidence": CONFIDENCE, "change": CHANGE, "cases": cases}, out, indent=1)
        out.write("\n")
    print("wrote review.csv (%d sessions), review-changes.yaml, review-expected.json" % serial)


if __name__ == "__main__":
    main()
