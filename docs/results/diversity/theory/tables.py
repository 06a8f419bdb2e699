#!/usr/bin/env python3
"""Prints the README's markdown tables from map.csv, or from outcome.csv the outcome-term table (both written by run.sh)."""
import csv
import math
import sys
from collections import OrderedDict

rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else "map.csv")))


def outcome_table():
    """The outcome-term table (outcome.csv: beta 1, w 0, terminal goals, u varied)."""
    print("| layout | goal reward | u | cover | shared goal | idle agents | I(Z; S_T) / log K | overlap | entropy | "
          "soft ret / pi*_soft | ret / optimal | worst ret / optimal | converged |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        k = int(r["agents"])
        g = len(r["goals"].split(" "))
        ceiling = math.log(min(k, g)) if min(k, g) > 1 else 1.0
        print(f"| {r['layout']} | {r['goal_reward']} | {float(r['u']):g} | {float(r['full_coverage_share']):.2f} | "
              f"{float(r['shared_goal_share']):.2f} | {float(r['no_goal_share']):.2f} | "
              f"{float(r['mean_end_information']) / ceiling:.3f} | {float(r['mean_overlap']):.3f} | "
              f"{float(r['mean_entropy']):.3f} | {float(r['mean_soft_return_ratio']):.3f} | "
              f"{float(r['mean_optimal_return_ratio']):.3f} | {float(r['min_optimal_return_ratio']):.3f} | "
              f"{r['converged']}/{r['starts']} |")


if rows and "mean_end_information" in rows[0] and "outcome" in (sys.argv[1] if len(sys.argv) > 1 else ""):
    outcome_table()
    sys.exit(0)
layouts = list(OrderedDict.fromkeys(r["layout"] for r in rows))


def pick(**key):
    return [r for r in rows if all(r[k] == v for k, v in key.items())]


def coverage_table(beta, end, reward="5"):
    ws = sorted({float(r["w"]) for r in pick(beta=beta, goal_end=end, goal_reward=reward)})
    print(f"Full coverage share (beta {beta}, {end} goals, goal reward {reward}; mean distinct goals in brackets)\n")
    print("| layout | " + " | ".join(f"w = {w:g}" for w in ws) + " |")
    print("|---|" + "---:|" * len(ws))
    for layout in layouts:
        cells = []
        for w in ws:
            match = [r for r in pick(layout=layout, beta=beta, goal_end=end, goal_reward=reward) if float(r["w"]) == w]
            cells.append(f"{float(match[0]['full_coverage_share']):.2f} ({float(match[0]['mean_distinct_goals']):.2f})" if match else "")
        print(f"| {layout} | " + " | ".join(cells) + " |")
    print()


def mechanism_table(beta, end, ws, reward="5"):
    print(f"Mechanism and cost (beta {beta}, {end} goals, goal reward {reward})\n")
    print("| layout | w | cover | shared goal | idle agents | overlap | entropy | soft ret / pi*_soft | ret / optimal | worst ret / optimal | converged |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for layout in layouts:
        for w in ws:
            match = [r for r in pick(layout=layout, beta=beta, goal_end=end, goal_reward=reward) if float(r["w"]) == w]
            if not match:
                continue
            r = match[0]
            print(f"| {layout} | {w:g} | {float(r['full_coverage_share']):.2f} | {float(r['shared_goal_share']):.2f} | "
                  f"{float(r['no_goal_share']):.2f} | {float(r['mean_overlap']):.3f} | {float(r['mean_entropy']):.3f} | "
                  f"{float(r['mean_soft_return_ratio']):.3f} | {float(r['mean_optimal_return_ratio']):.3f} | "
                  f"{float(r['min_optimal_return_ratio']):.3f} | {r['converged']}/{r['starts']} |")
    print()


for beta in ("1", "0.5"):
    coverage_table(beta, "absorbing")
for beta in ("1", "0.5"):
    coverage_table(beta, "terminal", reward="20")
coverage_table("1", "absorbing", reward="20")
coverage_table("1", "terminal", reward="5")
mechanism_table("1", "terminal", [0, 0.25, 1, 4], reward="20")
mechanism_table("1", "absorbing", [0, 0.25, 1, 4])
