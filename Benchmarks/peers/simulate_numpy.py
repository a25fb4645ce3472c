#!/usr/bin/env python3
"""Peer for `sextant simulate`: the same scenario simulated one session at a time with NumPy.

    python3 Benchmarks/peers/simulate_numpy.py SCENARIO.yaml --replications R

What an analyst would write: per replication, draw each intent's uncertain parameters, then for
every week draw each session's intent and walk the session tree (SextantModel's SessionModel article) with vectorised
Bernoulli draws over the week's sessions (arrays of 100,000), review a random 5 %, and compute the
week's rates. Prints {"replications", "seconds", "seconds_per_replication", "mean_contained"} as JSON.
It supports what the benchmark scenario uses (no stages or improvements).
"""
import json
import sys
import time

import numpy as np
import yaml

PARAMS = ["human_request", "knowledge_coverage", "instruction_coverage", "gap_escalation", "action_need", "action_coverage",
          "action_success", "premature_handoff", "conflicting_assets", "residual_error"]
NEUTRAL = {"human_request": 0, "knowledge_coverage": 1, "instruction_coverage": 1, "gap_escalation": 1, "action_need": 0,
           "action_coverage": 1, "action_success": 1, "premature_handoff": 0, "conflicting_assets": 0, "residual_error": 0}


def draw(spec, rng):
    if isinstance(spec, (int, float)):
        return float(spec)
    (kind, args), = spec.items()
    if kind == "beta":
        return rng.beta(*args)
    if kind == "uniform":
        return rng.uniform(*args)
    if kind == "triangular":
        lo, mode, hi = args
        return rng.triangular(lo, mode, hi)
    return float(args)


def main():
    scenario = yaml.safe_load(open(sys.argv[1]))
    reps = int(sys.argv[sys.argv.index("--replications") + 1])
    rng = np.random.default_rng(scenario.get("seed", 1))
    intents = scenario["intents"]
    defaults = scenario.get("defaults", {})
    shares = np.array([i["share"] for i in intents])
    split = defaults.get("severity", {"P2": 1})
    sev_p = np.array([split.get("P0", 0), split.get("P1", 0), split.get("P2", 0)])
    weeks, n, review = scenario["weeks"], int(scenario["sessions_per_week"]), scenario["review_rate"]
    contained_means = []
    start = time.perf_counter()
    for _ in range(reps):
        table = np.array([[draw(i.get(p, defaults.get(p, NEUTRAL[p])), rng) for p in PARAMS] for i in intents])
        for _ in range(weeks):
            intent = rng.choice(len(intents), size=n, p=shares)
            h, a, c, g, need, k, e, f, r, b = (table[intent, j] for j in range(10))
            u = lambda: rng.random(n)
            asked = u() < h
            k_gap = u() >= a
            k_esc = k_gap & (u() < g)
            improvised = k_gap & ~k_esc
            i_gap = u() >= c
            i_esc = i_gap & (u() < g)
            poor = i_gap & ~i_esc
            help_ = asked | (~asked & k_esc) | (~asked & ~k_esc & i_esc)
            ai = ~help_
            needs = ai & (u() < need)
            unavailable = needs & (u() >= k)
            failed = needs & ~unavailable & (u() >= e)
            follow = unavailable | failed
            premature = ai & ~follow & (u() < f)
            follow = follow | premature
            conflict = ai & (u() < r)
            other = u() < b
            issues = (~asked & improvised).astype(int) + (ai & poor).astype(int) + conflict + other
            reviewed = u() < review
            severities = [rng.choice(3, size=m, p=sev_p) for m in issues[reviewed]]
            any_issue = np.mean([len(s) > 0 for s in severities]) if severities else float("nan")
            contained_means.append(1 - help_.mean())
            _ = (1 - (help_ | follow).mean(), any_issue)
    seconds = time.perf_counter() - start
    print(json.dumps({"replications": reps, "seconds": seconds, "seconds_per_replication": seconds / reps,
                      "mean_contained": float(np.mean(contained_means))}))


if __name__ == "__main__":
    main()
