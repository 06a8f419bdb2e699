#!/bin/bash
# Reproduces this report: MultiGoal (four goals), the `mede train` preset (60,000 steps, warm-up 8,000), SAC, MEDE and
# DIAYN over seeds 0-2, 50 evaluation episodes per agent, two runs at a time: about 35 minutes on two cores. The sweep
# is resumable: after a stop, the same command skips finished runs and resumes the others. Run from the repository root.
set -euo pipefail
mede() { dotnet run --project src/Mede.ML.Cli -c Release -- "$@"; }
mede sweep --env multigoal --algo sac,mede,diayn --seeds 0-2 --eval-episodes 50 --threads 1 --parallel 2 --out runs/multigoal
mede report runs/multigoal --out docs/results/multigoal --title "MultiGoal: SAC, MEDE and DIAYN, 60,000 steps, seeds 0-2"
