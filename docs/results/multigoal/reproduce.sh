#!/bin/bash
# Reproduces this report: MultiGoal (four goals), the `mede train` preset (60,000 steps), SAC, MEDE and DIAYN over
# seeds 0-2, 50 evaluation episodes per agent; about 30 minutes on two cores. Run from the repository root.
set -euo pipefail
mede() { dotnet run --project src/Mede.ML.Cli -c Release -- "$@"; }
for seed in 0 1 2; do
  for algo in sac mede diayn; do
    mede train --algo "$algo" --seed "$seed" --out "runs/multigoal/$algo-$seed" --eval-episodes 50
  done
done
mede report runs/multigoal/* --out docs/results/multigoal --title "MultiGoal: SAC, MEDE and DIAYN, 60,000 steps, seeds 0-2"
