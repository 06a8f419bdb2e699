#!/usr/bin/env python3
"""Does a MultiGoal run's critic overestimate? Reads a checkpoint's networks.safetensors (separate networks, MEDE or
DIAYN, alpha 0.3, beta 1, gamma 0.99 as in the preset) and, along each agent's deterministic path from the start,
prints min(Q1, Q2)(s, a) beside a Monte Carlo estimate of the same soft return: the stochastic policy after a, with
the soft value's terms -alpha log pi + alpha beta log q(z|s,a), 256 rollouts to the time limit.

    python3 critic_check.py RUN/checkpoints/step-000000020000/networks.safetensors AGENTS two|four|"x,y;x,y;..." [SCALE]

SCALE is the run's RewardScale (default 1; MEDE's MultiGoal preset: 0.01, with alpha 0.3 x SCALE). The Monte Carlo
estimate leaves out the outcome term, which adds at most u log(K) x SCALE when an episode reaches a goal; an agent
whose path reaches no goal gets none of it, so there the two columns should agree.
"""
import json
import struct
import sys

import numpy as np

ALPHA, BETA, GAMMA, HORIZON = 0.3, 1.0, 0.99, 30


def load(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    return {k: np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype=np.float32).reshape(v["shape"])
            for k, v in header.items() if k != "__metadata__"}


def mlp(w, prefix, x):
    layers = sorted({int(k.split(".")[-2]) for k in w if k.startswith(prefix + ".")})
    for i in layers:
        x = x @ w[f"{prefix}.{i}.weight"].T + w[f"{prefix}.{i}.bias"]
        if i != layers[-1]:
            x = np.maximum(x, 0)
    return x


def log_softmax(x):
    m = x.max(-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))


def main():
    w, agents = load(sys.argv[1]), int(sys.argv[2])
    layouts = {"two": [(-4.5, -4.5), (5, 5)], "four": [(5, 0), (-5, 0), (0, 5), (0, -5)]}
    goals = np.array(layouts.get(sys.argv[3]) or [tuple(map(float, g.split(","))) for g in sys.argv[3].split(";")], dtype=float)
    scale = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    alpha = ALPHA * scale
    rng = np.random.default_rng(0)

    def act(z, s, stochastic):
        out = mlp(w, f"learner{z}.policy", s)
        mean, log_std = out[:, :2], np.clip(out[:, 2:], -20, 2)
        if not stochastic:
            return np.tanh(mean), np.zeros(len(s))
        e = rng.standard_normal(mean.shape)
        a = np.tanh(mean + np.exp(log_std) * e)
        log_pi = (-0.5 * e ** 2 - log_std - 0.5 * np.log(2 * np.pi)).sum(1) - np.log(1 - a ** 2 + 1e-6).sum(1)
        return a, log_pi

    def step(s, a):
        s2 = np.clip(s + a, -7, 7)
        d = ((s2[:, None, :] - goals[None]) ** 2).sum(-1).min(1)
        return s2, -30 * (a ** 2).sum(1) - d + 10 * (d < 1), d < 1

    def monte_carlo(z, s0, a0, steps, n=256):
        s, a = np.repeat(s0[None], n, 0), np.repeat(a0[None], n, 0)
        ret, discount, alive = np.zeros(n), np.ones(n), np.ones(n, bool)
        for t in range(steps):
            if t > 0:
                a, log_pi = act(z, s, True)
                log_q = log_softmax(mlp(w, "discriminator_sa", np.concatenate([s, a], 1)))[:, z]
                ret += alive * discount * (-alpha * log_pi + alpha * BETA * log_q)
            s, r, done = step(s, a)
            ret += alive * discount * scale * r
            discount *= GAMMA
            alive &= ~done
        return ret.mean()

    for z in range(agents):
        s = np.zeros((1, 2))
        for t in range(HORIZON):
            a, _ = act(z, s, False)
            x = np.concatenate([s, a], 1)
            q = min(mlp(w, f"learner{z}.critic1", x)[0, 0], mlp(w, f"learner{z}.critic2", x)[0, 0])
            if (t % 3 == 0 and t <= 12) or t == HORIZON - 1:
                print(f"agent {z} t {t:2d} s ({s[0, 0]:5.2f}, {s[0, 1]:5.2f})  Q {q:8.2f}  Monte Carlo {monte_carlo(z, s[0], a[0], HORIZON - t):8.2f}")
            s, _, done = step(s, a)
            if done[0]:
                print(f"agent {z} reaches a goal at t {t}")
                break


if __name__ == "__main__":
    main()
