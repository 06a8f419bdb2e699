#!/usr/bin/env python3
"""Reads the outcome term's memory from a checkpoint (outcomes.bin, OutcomeMemory.Write) and prints, per agent, where
its remembered episodes end (nearest goal of MultiGoal's four-goal layout, and the last few ends), and optionally the
term's price log p(z | s) at given points, as OutcomeMemory.LogPosterior computes it.

Usage: outcome_check.py CHECKPOINT/outcomes.bin [--pseudo-count 0.05] [--bandwidth 1] [--at "AGENT:x,y;x,y" ...]
Example (sixth slice): outcome_check.py runs/diversity/four-e1-u60-30k/runs/multigoal-mede4-seed1/checkpoints/\
step-000000030000/outcomes.bin --pseudo-count 1 --at "0:0,4;0,5" --at "1:0,-4;0,-5"
"""
import argparse
import collections
import math
import struct

FOUR_GOALS = [(5, 0), (-5, 0), (0, 5), (0, -5)]


def read(path):
    """The remembered ends of every agent, oldest first is not needed here: the estimate is a sum."""
    data = open(path, 'rb').read()
    length = data[0]  # BinaryWriter's 7-bit length prefix; the marker is short
    offset = 1 + length
    if data[1:offset].decode() != 'MEDE-OUTCOMES':
        raise SystemExit(f'{path}: not an outcome memory (no MEDE-OUTCOMES marker)')
    buffers, agents, size = struct.unpack_from('<iii', data, offset)
    offset += 12 + 8 * buffers
    ends = []
    for _ in range(agents):
        count, _next = struct.unpack_from('<ii', data, offset)
        offset += 8
        values = struct.unpack_from(f'<{64 * size}f', data, offset)
        offset += 4 * 64 * size
        ends.append([tuple(values[j * size:(j + 1) * size]) for j in range(count)])
    return ends


def log_posterior(ends, agent, point, pseudo_count, bandwidth):
    def density(j):
        if not ends[j]:
            return 0.0
        return sum(math.exp(-sum((p - e) ** 2 for p, e in zip(point, end)) / (2 * bandwidth ** 2)) for end in ends[j]) / len(ends[j])
    own = density(agent) + pseudo_count
    others = sum(density(j) for j in range(len(ends)) if j != agent)
    return math.log(own / (own + others))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('outcomes')
    parser.add_argument('--pseudo-count', type=float, default=0.05)
    parser.add_argument('--bandwidth', type=float, default=1.0)
    parser.add_argument('--at', action='append', default=[], help='AGENT:x,y;x,y  points to price for that agent')
    args = parser.parse_args()
    ends = read(args.outcomes)
    for agent, points in enumerate(ends):
        nearest = collections.Counter(min(range(4), key=lambda g: (p[0] - FOUR_GOALS[g][0]) ** 2 + (p[1] - FOUR_GOALS[g][1]) ** 2) for p in points)
        distance = [min(math.dist(p[:2], g) for g in FOUR_GOALS) for p in points]
        mean_distance = sum(distance) / len(distance) if distance else float('nan')
        print(f'agent {agent}: {len(points)} ends, nearest goal {dict(nearest)}, mean distance to it {mean_distance:.2f}, '
              f'last {[(round(p[0], 1), round(p[1], 1)) for p in points[-4:]]}')
    for spec in args.at:
        agent, points = spec.split(':')
        for text in points.split(';'):
            point = tuple(float(v) for v in text.split(','))
            print(f'agent {agent} at {point}: log p(z|s) = {log_posterior(ends, int(agent), point, args.pseudo_count, args.bandwidth):.3f}')


if __name__ == '__main__':
    main()
