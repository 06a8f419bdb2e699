#!/bin/bash
# Figure 2 further (issue #17), on Hopper: why our Figure 2 comes out the other way round from the paper's.
# 1. The paper drew Figure 2 with ten agents ("we observe the same relative trends for 4 agents"): MEDE (10) and
#    DIAYN (10), seeds 0-2, the first 50,000 steps (where the paper's gap opens and closes).
# 2. The weight of the discriminator. DIAYN adds log q(z|s) to the reward at weight 1; MEDE's log q(z|s,a) stands
#    where the prior stands, so alpha scales it with log pi (DESIGN.md): at the paper's alpha 0.3 it weighs 0.3 against
#    the reward. DiscriminatorWeight (beta) 1/0.3 gives MEDE's log q DIAYN's weight: MEDE (4), seeds 0-2, 50,000 steps.
# Both are compared with the 300,000-step Hopper runs of ../reproduce.sh (MEDE (4) and DIAYN (4), seeds 0-2), which
# must have run first (TABLE1 names their sweep folder). About 100 minutes of one core for the nine 50,000-step runs.
# Run from the repository root; needs MuJoCo (sudo bash build/install-native.sh).
set -euo pipefail
mede() { dotnet run --project src/Mede.ML.Cli -c Release --no-build -- "$@"; }
dotnet build src/Mede.ML.Cli -c Release -v quiet
PARALLEL=${PARALLEL:-2}
TABLE1=${TABLE1:-runs/table1-300k}
mede sweep --env hopper --algo mede,diayn --agents 10 --seeds 0-2 --steps 50000 --eval-episodes 5 --record-every 0 \
  --threads 1 --out runs/figure2-ten-agents --parallel "$PARALLEL"
mede sweep --env hopper --algo mede --agents 4 --seeds 0-2 --set DiscriminatorWeight=3.3333333 --steps 50000 \
  --eval-episodes 5 --record-every 0 --threads 1 --out runs/figure2-beta --parallel "$PARALLEL"
mede report runs/figure2-ten-agents runs/figure2-beta \
  "$TABLE1"/runs/hopper-mede4-seed{0,1,2} "$TABLE1"/runs/hopper-diayn4-seed{0,1,2} \
  --out docs/results/mujoco/figure2-further --title "Figure 2 further: ten agents, and MEDE's log q at DIAYN's weight (Hopper)"
