#!/usr/bin/python3
"""How often a random warm-up episode of MultiGoal ends at each goal, for independent and time-correlated actions.

The warm-up draws each action coordinate uniform on (-1, 1). With WarmupActionCorrelation rho > 0 the coordinates follow
an AR(1) Gaussian z' = rho z + sqrt(1 - rho^2) e, started from N(0, 1) at each episode, mapped to a = erf(z / sqrt 2):
still uniform, but keeping a heading for a while. This simulates MultiGoal's point dynamics (start N(0, 0.1^2), s' = s + a
clipped to +-7, goal radius 1, 30 steps) and prints, per layout and rho, the share of episodes ending at each goal.

    /usr/bin/python3 docs/results/diversity/warmup_reach.py [episodes]
"""
import math
import sys

import numpy as np

LAYOUTS = {
    "four goals": [(5, 0), (-5, 0), (0, 5), (0, -5)],
    "three goals": [(5, 0), (-2.5, 4.33), (-2.5, -4.33)],
    "two goals": [(-4.5, -4.5), (5, 5)],
    "uneven": [(4, 0), (-3, 4.5), (-3, -6)],
    "off-wall": [(4, 0), (-3, 4.5), (-4.7, -4.8)],
}
RHOS = [0.0, 0.5, 0.8, 0.9]


def ends(goals, rho, episodes, rng):
    """The share of episodes ending at each goal (last entry: at none), all episodes stepped at once."""
    goals = np.asarray(goals, dtype=float)
    position = rng.normal(0.0, 0.1, (episodes, 2))
    latent = rng.normal(size=(episodes, 2))
    alive = np.ones(episodes, dtype=bool)
    reached = np.full(episodes, -1)
    erf = np.vectorize(math.erf)
    for t in range(30):
        if rho == 0.0:
            action = rng.uniform(-1.0, 1.0, (episodes, 2))
        else:
            if t > 0:
                latent = rho * latent + math.sqrt(1.0 - rho * rho) * rng.normal(size=(episodes, 2))
            action = erf(latent / math.sqrt(2.0))
        position = np.where(alive[:, None], np.clip(position + action, -7.0, 7.0), position)
        distance = ((position[:, None, :] - goals[None, :, :]) ** 2).sum(axis=2)
        nearest = distance.argmin(axis=1)
        hit = alive & (distance.min(axis=1) < 1.0)
        reached[hit] = nearest[hit]
        alive &= ~hit
    counts = np.bincount(reached + 1, minlength=len(goals) + 1)
    return np.concatenate([counts[1:], counts[:1]]) / episodes


def main():
    episodes = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
    rng = np.random.default_rng(0)
    print("| Layout | rho | " + " | ".join(f"goal {i}" for i in range(4)) + " | none | rarest goal |")
    print("|---|---:|" + "---:|" * 6)
    for name, goals in LAYOUTS.items():
        for rho in RHOS:
            share = ends(goals, rho, episodes, rng)
            cells = [f"{100 * s:.1f}%" for s in share[:-1]] + ["-"] * (4 - len(goals))
            print(f"| {name} | {rho} | " + " | ".join(cells) + f" | {100 * share[-1]:.1f}% | {100 * share[:-1].min():.1f}% |")


if __name__ == "__main__":
    main()
