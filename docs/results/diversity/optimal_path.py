"""MultiGoal's four goals, a goal 5 from the origin along a ray (goal radius 1, x' = x + a with a in [-1, 1],
r = -30 a^2 - (5 - x')^2 + 10 on arrival, 30 steps): the best deterministic path by dynamic programming on a grid of
0.005, for the task alone (undiscounted) and for the discounted objective with a terminal bonus B, as MEDE's critics
see it (gamma 0.99, B = u log 4 of the information score at four goals). Prints each optimum's length, its return
and its speed profile |a_t| (speed_profile.py gives the learned agents')."""
import math
import numpy as np

def solve(B=0.0, gamma=1.0, D=5.0, h=0.005, H=30):
    xs = np.arange(0, D - 1 + 1e-9, h); n = len(xs)
    steps = np.arange(-int(1 / h), int(1 / h) + 1)
    V = np.zeros(n); policies = []
    for t in range(H):
        newV = np.full(n, -1e18); arg = np.zeros(n, int)
        for k in steps:
            a = k * h; j = np.arange(n) + k; dist = D - (xs + a); term = dist < 1
            r = -30 * a * a - dist ** 2 + np.where(term, 10.0 + B, 0.0)
            val = r + gamma * np.where(term | (j < 0) | (j >= n), 0.0, V[np.clip(j, 0, n - 1)])
            val = np.where((j < 0) & ~term, -1e18, val)
            better = val > newV; newV[better] = val[better]; arg[better] = k
        V = newV; policies.append(arg)
    # Follow the policy from the origin and add up the task's own return.
    i, ret, actions = 0, 0.0, []
    for length, arg in enumerate(reversed(policies), start=1):
        a = arg[i] * h; x = i * h + a; dist = D - x
        ret += -30 * a * a - dist ** 2 + (10.0 if dist < 1 else 0.0)
        actions.append(a)
        if dist < 1: return length, ret, actions
        i += arg[i]
    return H, ret, actions

def profile(actions):
    return " ".join(f"{a:.2f}" for a in actions)

length, ret, actions = solve()
print(f"the task alone: {length} steps, return {ret:.1f}; |a_t|: {profile(actions)}")
for u in (0, 100, 150, 200, 250, 300):
    B = u * math.log(4)
    length, ret, actions = solve(B=B, gamma=0.99)
    print(f"gamma 0.99, u {u} (B {B:.0f}): {length} steps, return {ret:.1f}; |a_t|: {profile(actions)}")
