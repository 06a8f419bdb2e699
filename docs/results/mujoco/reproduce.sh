#!/bin/bash
# The paper's MuJoCo results (issue #17): Table 1 and Figure 2 on Hopper, Walker2d and Multi-direction Ant, SAC, MEDE
# with 4 agents and DIAYN with 4 agents, seeds 0-2, the paper's settings, 300,000 environment steps per run (the paper
# trained longer; the report says where a curve was still rising), 50 evaluation episodes per agent.
# One `mede sweep` folder: a stopped sweep continues with the same command (finished runs are skipped, unfinished ones
# resume from their checkpoints). A run takes 45-60 minutes on one core of this machine; PARALLEL=2 runs two at once,
# so the 27 runs take about 11 hours. Run from the repository root; needs MuJoCo (sudo bash build/install-native.sh).
# On a cluster: add --emit slurm (or kubernetes) and the sweep's runs are an array job (see README, "Many runs").
set -euo pipefail
mede() { dotnet run --project src/Mede.ML.Cli -c Release --no-build -- "$@"; }
dotnet build src/Mede.ML.Cli -c Release -v quiet
PARALLEL=${PARALLEL:-2}
OUT=${OUT:-runs/table1-300k}
mede sweep --env hopper,walker2d,multidirection-ant --algo sac,mede,diayn --agents 4 --seeds 0-2 \
  --steps 300000 --eval-episodes 50 --record-every 0 --threads 1 --out "$OUT" --parallel "$PARALLEL"
# The report from every run that has started: finished runs by their evaluation, unfinished ones by their last training
# episodes (the Runs table says which); the comparison with the paper's Table 1 takes the finished runs only. The
# committed report.md was made from the finished runs' folders alone (runs/table1-300k/runs/<cell>), so that its
# return table holds no run that had just started.
mede report "$OUT" --out docs/results/mujoco --title "The paper's MuJoCo results: Table 1 and Figure 2"
