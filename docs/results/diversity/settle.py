#!/usr/bin/env python3
"""When a MultiGoal run's agents settle on their goals, read from its training episodes (episodes.csv).

Usage: python3 settle.py RUN/episodes.csv [...]

For each 2,000-step window of training episodes, a window is settled (#) when every agent's most reached goal is a
goal (not -1, a time-out), holds at least 80% of that agent's episodes in the window, and differs from every other
agent's. A run settles from the first window after which every window is settled; None if it never does. The seventh
slice of README.md quotes these for the preset's sweeps.
"""
import collections
import csv
import sys

WINDOW = 2000
SHARE = 0.8


def windows(rows, share=SHARE, end=None):
    """(start, settled) for each whole window up to step `end` (the last episode's step when None), an agent holding
    its most reached goal when at least `share` of its episodes in the window end there."""
    end = max(int(r["step"]) for r in rows) if end is None else end
    for start in range(0, end + 1 - WINDOW, WINDOW):
        goals = collections.defaultdict(collections.Counter)
        for r in rows:
            if start <= int(r["step"]) < start + WINDOW:
                goals[int(r["agent"])][r["goal"]] += 1
        yield start, settled(goals, share)


def settled(goals, share=SHARE):
    tops = []
    for agent in sorted(goals):
        goal, count = goals[agent].most_common(1)[0]
        if goal == "-1" or count < share * sum(goals[agent].values()):
            return False
        tops.append(goal)
    return len(set(tops)) == len(tops)


def main(paths):
    for path in paths:
        with open(path, newline="") as f:
            marks = list(windows(list(csv.DictReader(f))))
        first = next((start for i, (start, _) in enumerate(marks) if all(ok for _, ok in marks[i:])), None)
        print(path, "settled from", first, "".join("#" if ok else "." for _, ok in marks))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
