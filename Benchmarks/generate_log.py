#!/usr/bin/env python3
"""Writes a synthetic session log in Sextant's CSV format, for the report benchmark.

    python3 Benchmarks/generate_log.py ROWS OUT.csv [--seed S]

Deterministic for a seed. Columns: session_id, started_at, workflow, intent, channel, tags, issues,
reviewed, handoff_reason — with quoted fields (commas and quotes in handoff reasons), several tags
per session, a 5 % review sample and a year of weeks. 10,000,000 rows make about 1 GB.
"""
import sys

import numpy as np

INTENTS = ["order-status", "returns", "refund", "shipping-delay", "product-question", "account-access",
           "payment-dispute", "warranty", "subscription", "store-hours"]
INTENT_P = np.array([0.22, 0.16, 0.12, 0.1, 0.1, 0.08, 0.06, 0.06, 0.06, 0.04])
CHANNELS = ["chat", "email", "whatsapp", "voice"]
CHANNEL_P = np.array([0.55, 0.25, 0.15, 0.05])
REASONS = ["user_request", "missing_knowledge", "unknown_scenario", "action_unavailable", "action_failed",
           "premature_handoff", "\"VIP\" customer, escalated by policy"]


def lines(rng, offset, n, start=np.datetime64("2026-01-05T00:00:00"), id_width=0):
    """`n` rows of the log from row `offset` on, as text lines (ids `s<offset>…`, zero-padded to
    `id_width` digits when given)."""
    numbers = np.arange(offset, offset + n).astype(str)
    if id_width:
        numbers = np.char.zfill(numbers, id_width)
    ids = np.char.add("s", numbers)
    seconds = rng.integers(0, 52 * 7 * 86400, n)
    times = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
    times = np.char.add(times, "Z")
    intent = np.array(INTENTS)[rng.choice(len(INTENTS), n, p=INTENT_P)]
    channel = np.array(CHANNELS)[rng.choice(len(CHANNELS), n, p=CHANNEL_P)]
    u = rng.random(n)
    help_ = u < 0.18
    follow = (~help_) & (u < 0.30)
    extra = rng.random(n) < 0.3
    tags = np.where(help_, "sys_human_help", np.where(follow, "sys_human_follow_up", "resolved"))
    tags = np.where(extra, np.char.add(tags, ";priority"), tags)
    reviewed = rng.random(n) < 0.05
    v = rng.random(n)
    issues = np.where(reviewed & (v < 0.002), "P0", np.where(reviewed & (v < 0.012), "P1",
                      np.where(reviewed & (v < 0.05), "P2;P2", "")))
    reason_idx = rng.choice(len(REASONS), n, p=[0.3, 0.25, 0.15, 0.12, 0.08, 0.07, 0.03])
    reason = np.where(help_ | follow, np.array(REASONS)[reason_idx], "")
    quoted = np.char.find(reason, ",") >= 0
    reason = np.where(quoted, np.char.add(np.char.add('"', np.char.replace(reason, '"', '""')), '"'), reason)
    rev = np.where(reviewed, "true", "false")
    out = ids
    for col in (times, np.full(n, "service-ecommerce"), intent, channel, tags, issues, rev, reason):
        out = np.char.add(np.char.add(out, ","), col)
    return out.tolist()


HEADER = "session_id,started_at,workflow,intent,channel,tags,issues,reviewed,handoff_reason\n"


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = np.random.default_rng(seed)
    chunk = 1_000_000
    with open(out, "w", newline="") as f:
        f.write(HEADER)
        for offset in range(0, rows, chunk):
            n = min(chunk, rows - offset)
            f.write("\n".join(lines(rng, offset, n)))
            f.write("\n")
            print(f"\r{offset + n:,} rows", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
