#!/usr/bin/env python3
"""What an agent's networks say at one MultiGoal state: the policy's pre-tanh mean and log std, and min(Q1, Q2) over a
5 x 5 grid of actions. Reads a checkpoint's networks.safetensors with critic_check.py's loader (numpy only).

    python3 probe.py RUN/checkpoints/step-000000030000/networks.safetensors AGENT X,Y

The eighth slice of README.md uses it to show that an idle agent's critic scores standing still above moving to its
goal (Q in the run's units: times 100 for reward units under MEDE's MultiGoal preset).
"""
import importlib.util
import os
import sys

import numpy as np

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("critic_check", os.path.join(_here, "critic_check.py"))
cc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cc)


def main():
    weights, agent = cc.load(sys.argv[1]), int(sys.argv[2])
    x, y = map(float, sys.argv[3].split(","))
    s = np.array([[x, y]])
    out = cc.mlp(weights, f"learner{agent}.policy", s)
    mean, log_std = out[0, :2], out[0, 2:]
    print(f"policy: pre-tanh mean ({mean[0]:.4f}, {mean[1]:.4f}), action ({np.tanh(mean[0]):.4f}, {np.tanh(mean[1]):.4f}), log std ({log_std[0]:.2f}, {log_std[1]:.2f})")
    grid = [-1.0, -0.5, 0.0, 0.5, 1.0]
    print("min(Q1, Q2); rows a_x, columns a_y = " + " ".join(f"{a:6.1f}" for a in grid))
    for ax in grid:
        row = []
        for ay in grid:
            xa = np.concatenate([s, [[ax, ay]]], 1)
            q = min(cc.mlp(weights, f"learner{agent}.critic1", xa)[0, 0], cc.mlp(weights, f"learner{agent}.critic2", xa)[0, 0])
            row.append(f"{q:6.2f}")
        print(f"a_x {ax:5.1f}: {' '.join(row)}")


if __name__ == "__main__":
    main()
