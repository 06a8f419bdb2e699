#!/bin/bash
# The paper's MuJoCo results (issue #17): Table 1 and Figure 2 on Hopper, Walker2d and Multi-direction Ant, SAC, MEDE
# with 4 agents and DIAYN with 4 agents, seeds 0-2, the paper's settings, 300,000 environment steps per run (the paper
# trained longer; the report says where a curve was still rising), 50 evaluation episodes per agent.
#
# One `mede sweep` folder: a stopped sweep continues with the same command (finished runs are skipped, unfinished ones
# resume from their checkpoints). A run takes 70-80 minutes on one core of this machine; PARALLEL=2 runs two at once,
# so the 27 runs take about 17 hours. Run from the repository root; needs MuJoCo (sudo bash build/install-native.sh).
# On a cluster: add --emit slurm (or kubernetes) and the sweep's runs are an array job (see README, "Many runs").
#
# The report keeps a digest of every run in docs/results/mujoco/data/ (metrics, episodes, evaluation; no checkpoints),
# and `mede report` takes the report folder for its runs. So the runs need not all exist on one machine at once: each
# machine (or session) reports its finished runs together with the report's data, and the report grows; a run folder
# of a cell the data already holds replaces its digest. The sweep is given the report (--reported), so it trains only
# the cells the report lacks; to train only some of those here: mede sweep <the sweep's options> --cell I (indices
# from --list).
set -euo pipefail
mede() { dotnet run --project src/Mede.ML.Cli -c Release --no-build -- "$@"; }
dotnet build src/Mede.ML.Cli -c Release -v quiet
PARALLEL=${PARALLEL:-2}
OUT=${OUT:-runs/table1-300k}
REPORT=docs/results/mujoco
reported=()
[ -d "$REPORT/data" ] && reported=(--reported "$REPORT")
mede sweep --env hopper,walker2d,multidirection-ant --algo sac,mede,diayn --agents 4 --seeds 0-2 \
  --steps 300000 --eval-episodes 50 --record-every 0 --threads 1 --out "$OUT" --parallel "$PARALLEL" "${reported[@]}"
# The finished runs only (a run that had just started would stand in the return table by its first episodes), merged
# with the runs the report already holds.
finished=$(mede sweep --out "$OUT" --list | awk '$NF == "finished" { print $2 }')
inputs=()
[ -d "$REPORT/data" ] && inputs+=("$REPORT")
for cell in $finished; do inputs+=("$OUT/runs/$cell"); done
mede report "${inputs[@]}" --out "$REPORT" --title "The paper's MuJoCo results: Table 1 and Figure 2"
