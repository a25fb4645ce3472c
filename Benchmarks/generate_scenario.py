#!/usr/bin/env python3
"""Writes the simulation benchmark's scenario: 50 intents, 100,000 sessions a week, 52 weeks.

    python3 Benchmarks/generate_scenario.py > Benchmarks/data/benchmark-50-intents.yaml

Every intent has uncertain knowledge and instruction coverage (beta and uniform distributions) and
its own action parameters, so each replication draws 100 parameters and compiles 50 session trees.
"""
import random

rng = random.Random(50)
print("version: 1")
print("name: benchmark-50-intents")
print("workflow: service")
print("sessions_per_week: 100000")
print("weeks: 52")
print("review_rate: 0.05")
print("seed: 1")
print("defaults:")
print("  human_request: 0.04")
print("  gap_escalation: 0.9")
print("  premature_handoff: 0.03")
print("  residual_error: 0.004")
print("  severity: {P0: 0.02, P1: 0.18, P2: 0.80}")
print("intents:")
for i in range(50):
    a = rng.randint(15, 60)
    b = rng.randint(2, 8)
    lo = round(rng.uniform(0.75, 0.9), 3)
    print(f"  - name: intent-{i:02d}")
    print(f"    share: 0.02")
    print(f"    knowledge_coverage: {{beta: [{a}, {b}]}}")
    print(f"    instruction_coverage: {{uniform: [{lo}, {round(lo + 0.08, 3)}]}}")
    print(f"    action_need: {round(rng.uniform(0, 0.9), 2)}")
    print(f"    action_coverage: {round(rng.uniform(0.6, 0.98), 2)}")
    print(f"    action_success: {round(rng.uniform(0.85, 0.99), 2)}")
    print(f"    conflicting_assets: {round(rng.uniform(0, 0.03), 3)}")
