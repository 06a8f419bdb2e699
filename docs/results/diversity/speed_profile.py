"""The speed profile of MultiGoal evaluation episodes that end at a goal: for each sweep folder given, the mean
|a_t| at each step t (steps that at least 30% of the episodes reach), the mean distance to the nearest goal where the
episode ends, and the mean return; from the runs' stores (run.db, the latest complete evaluation, recorded step by
step). Compare with optimal_path.py's optimal profiles. Usage: python3 speed_profile.py runs/diversity/<sweep> ..."""
import glob
import math
import sqlite3
import struct
import sys

GOALS = [(5, 0), (0, 5), (-5, 0), (0, -5)]


def floats(blob):
    return struct.unpack('<%df' % (len(blob) // 4), blob)


for folder in sys.argv[1:]:
    speeds, ends, returns = {}, [], []
    for db in sorted(glob.glob(folder + '/runs/*/run.db')):
        store = sqlite3.connect(db)
        evaluation = store.execute('SELECT max(id) FROM evaluations WHERE complete = 1').fetchone()[0]
        if evaluation is None:
            continue
        episodes = store.execute('SELECT id, episode_return FROM episodes WHERE evaluation_id = ? AND terminated = 1', (evaluation,))
        for episode, episode_return in episodes.fetchall():
            steps = store.execute('SELECT action, next_observation FROM transitions WHERE episode_id = ? ORDER BY t', (episode,)).fetchall()
            for t, (action, _) in enumerate(steps):
                a = floats(action)
                speeds.setdefault(t, []).append(math.hypot(a[0], a[1]))
            end = floats(steps[-1][1])[:2]
            ends.append(min(math.dist(end, g) for g in GOALS))
            returns.append(episode_return)
    n = len(returns)
    if n == 0:
        print(f'{folder}: no evaluation episode ends at a goal')
        continue
    profile = ' '.join(f'{sum(v) / len(v):.2f}' for _, v in sorted(speeds.items()) if len(v) >= 0.3 * n)
    print(f'{folder.rstrip("/").split("/")[-1]}: {n} episodes, return {sum(returns) / n:.1f}, '
          f'end {sum(ends) / n:.2f} from the goal; |a_t|: {profile}')
