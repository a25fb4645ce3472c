#!/usr/bin/env python3
"""Writes samples/sessions.csv, the bundled sample log (not run by CI; the CSV is committed).

A service-eCommerce rollout over six ISO weeks (2026-W10 … 2026-W15): six intents, three channels,
tags beyond the two system tags, a 10 % QA review sample with P0/P1/P2 issues, and handoff reasons —
the model's reason codes plus free-text ones with commas and quotes, as real exports have. Coverage
improves week by week (knowledge added in W12, an action fixed in W14), so the weekly segments move.

    python3 samples/generate_sample.py
"""
import csv
import datetime as dt
import os

import numpy as np

rng = np.random.default_rng(2026)
HERE = os.path.dirname(os.path.abspath(__file__))

# intent: share, P(help), P(follow-up | not help), reasons for help, reasons for follow-up
INTENTS = {
    "order-status":     (0.30, 0.10, 0.06, ["user_request", "missing_knowledge"], ["premature_handoff"]),
    "returns":          (0.22, 0.30, 0.16, ["missing_knowledge", "unknown_scenario", "user_request"], ["action_unavailable", "premature_handoff"]),
    "refund":           (0.16, 0.20, 0.30, ["user_request", "unknown_scenario"], ["action_failed", "action_unavailable"]),
    "shipping-delay":   (0.14, 0.26, 0.08, ["missing_knowledge", "user_request"], ["premature_handoff"]),
    "product-question": (0.12, 0.24, 0.03, ["missing_knowledge", "Customer asked about a product we don't stock, \"discontinued\" line"], ["premature_handoff"]),
    "account-access":   (0.06, 0.30, 0.10, ["user_request", "Identity check failed, needs agent"], ["action_unavailable"]),
}
CHANNELS = (["chat", "email", "whatsapp"], [0.6, 0.25, 0.15])
EXTRA_TAGS = ["vip", "repeat-contact", "promo-code"]
WEEKS = [dt.date(2026, 3, 2) + dt.timedelta(weeks=w) for w in range(6)]  # Mondays of W10 … W15
SESSIONS_PER_WEEK = [820, 880, 940, 1010, 1060, 1120]


def main():
    rows = []
    serial = 0
    names = list(INTENTS)
    shares = np.array([INTENTS[n][0] for n in names])
    for week_index, (monday, volume) in enumerate(zip(WEEKS, SESSIONS_PER_WEEK)):
        knowledge_fix = 0.45 if week_index >= 2 else 1.0    # W12: missing knowledge added
        action_fix = 0.35 if week_index >= 4 else 1.0        # W14: refund action repaired
        for _ in range(volume):
            serial += 1
            intent = names[rng.choice(len(names), p=shares)]
            _, p_help, p_follow, help_reasons, follow_reasons = INTENTS[intent]
            started = dt.datetime.combine(monday, dt.time(8)) + dt.timedelta(seconds=int(rng.integers(0, 7 * 86400 - 8 * 3600)))
            channel = CHANNELS[0][rng.choice(3, p=CHANNELS[1])]
            tags, reason = [], ""
            u = rng.random()
            if u < p_help * (knowledge_fix if intent in ("returns", "shipping-delay", "product-question") else 1.0):
                tags.append("sys_human_help")
                reason = help_reasons[rng.integers(len(help_reasons))]
            elif rng.random() < p_follow * (action_fix if intent == "refund" else 1.0):
                tags.append("sys_human_follow_up")
                reason = follow_reasons[rng.integers(len(follow_reasons))]
            for tag in EXTRA_TAGS:
                if rng.random() < 0.08:
                    tags.append(tag)
            reviewed = rng.random() < 0.10
            issues = []
            if reviewed:
                v = rng.random()
                if v < 0.004:
                    issues = ["P0"]
                elif v < 0.02:
                    issues = ["P1"]
                elif v < 0.07:
                    issues = ["P2"] if rng.random() < 0.8 else ["P1", "P2"]
            rows.append({
                "session_id": f"S-{started:%Y%m%d}-{serial:05d}",
                "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "workflow": "service-ecommerce",
                "intent": intent,
                "channel": channel,
                "tags": ";".join(tags),
                "issues": ";".join(issues),
                "reviewed": "true" if reviewed else "false",
                "handoff_reason": reason,
            })
    with open(os.path.join(HERE, "sessions.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} sessions")


if __name__ == "__main__":
    main()
