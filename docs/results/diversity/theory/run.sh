#!/usr/bin/env bash
# The exact model's diversity map (issue 16): `mede theory diversity` over five gridworld layouts, beta, w
# (StateDiscriminatorWeight, the log p(z|s) extension; 0 is the paper's MEDE), u (OutcomeWeight, the outcome-term
# extension) and the goal reward.
# Usage, from the repository root: docs/results/diversity/theory/run.sh [outcome]
# Set MEDE to a built CLI (e.g. "dotnet /path/to/mede.dll") to skip the build.
set -euo pipefail
out="$(dirname "$0")"
if [[ -z "${MEDE:-}" ]]; then
  dotnet build src/Mede.ML.Cli -c Release --nologo -v quiet >/dev/null
  MEDE="dotnet src/Mede.ML.Cli/bin/Release/net10.0/mede.dll"
fi

# Seventh slice: the outcome term (OutcomeWeight u, an extension, not in the paper): u log(K p(z|g)) on entering goal
# g, p(z|g) the exact posterior of whose episode ends at g. Terminal goals only. Goal reward 20 (50 for the uneven
# layout, where plain MEDE puts both agents on the nearer goal); u log K at u = 4, 16, 64 is about a fifth of, about
# equal to, and several times the goal reward. `run.sh outcome` runs this slice alone (about 8 minutes).
outcome_slice() {
  rm -f "$out/outcome.csv"
  for layout in "4-goals-K4|0,0;4,0;0,4;4,4|4|20" "2-goals-K2|0,0;4,4|2|20" "3-goals-K3|0,0;4,0;2,4|3|20" \
      "4-goals-K2|0,0;4,0;0,4;4,4|2|20" "2-goals-K4|0,0;4,4|4|20" "2-goals-uneven-K2|0,0;4,3|2|20" "2-goals-uneven-K2|0,0;4,3|2|50"; do
    IFS='|' read -r name goals agents reward <<<"$layout"
    $MEDE theory diversity --layout "$name" --goals "$goals" --agents "$agents" --goal-reward "$reward" --terminal-goals \
      --beta 1 --state-weight 0 --outcome-weight 0,4,16,64 --starts 20 --summary-csv "$out/outcome.csv"
  done
  python3 "$out/tables.py" "$out/outcome.csv"
}
if [[ "${1:-}" == "outcome" ]]; then
  outcome_slice
  exit 0
fi

rm -f "$out/map.csv" "$out/starts.csv"

# name, goal cells (x,y; 5 x 5 grid, start in the centre 2,2), K
layouts=(
  "4-goals-K4|0,0;4,0;0,4;4,4|4"
  "2-goals-K2|0,0;4,4|2"
  "3-goals-K3|0,0;4,0;2,4|3"
  "4-goals-K2|0,0;4,0;0,4;4,4|2"
  "2-goals-K4|0,0;4,4|4"
)
for layout in "${layouts[@]}"; do
  IFS='|' read -r name goals agents <<<"$layout"
  # Main map: goal reward 5, beta 0.5 and 1, six values of w, 20 random starts.
  $MEDE theory diversity --layout "$name" --goals "$goals" --agents "$agents" --goal-reward 5 \
    --beta 0.5,1 --state-weight 0,0.25,0.5,1,2,4 --starts 20 --csv "$out/starts.csv" --summary-csv "$out/map.csv"
  # Reward scale (a larger reward acts like a smaller alpha): goal reward 20, beta 1, 20 starts.
  $MEDE theory diversity --layout "$name" --goals "$goals" --agents "$agents" --goal-reward 20 \
    --beta 1 --state-weight 0,1,4 --starts 20 --csv "$out/starts.csv" --summary-csv "$out/map.csv"
  # Goals that end the episode (as on the continuous MultiGoal task) instead of absorbing the agent forever. With a
  # goal reward of 5 the entropy of staying alive (log 4 a step) outweighs the goal: pi*_soft and most agents
  # avoid the goals. With 20, pi*_soft reaches them (the regime of the trained MultiGoal agents).
  $MEDE theory diversity --layout "$name" --goals "$goals" --agents "$agents" --goal-reward 20 --terminal-goals \
    --beta 0.5,1 --state-weight 0,0.25,0.5,1,2,4 --starts 20 --csv "$out/starts.csv" --summary-csv "$out/map.csv"
  $MEDE theory diversity --layout "$name" --goals "$goals" --agents "$agents" --goal-reward 5 --terminal-goals \
    --beta 1 --state-weight 0,1,4 --starts 20 --csv "$out/starts.csv" --summary-csv "$out/map.csv"
done
python3 "$out/tables.py" "$out/map.csv"

# Sixth slice: two goals at unequal distances from the start (3 and 4 moves) against equal ones (4 and 4), terminal,
# K 2: does exact MEDE send both agents to the nearer goal when the goal is worth much more than the entropy?
rm -f "$out/uneven.csv"
for reward in 20 50; do
  for layout in "2-goals-uneven-K2|0,0;4,3" "2-goals-K2|0,0;4,4"; do
    IFS='|' read -r name goals <<<"$layout"
    $MEDE theory diversity --layout "$name" --goals "$goals" --agents 2 --goal-reward "$reward" --terminal-goals \
      --beta 1 --state-weight 0,1,4 --starts 20 --summary-csv "$out/uneven.csv"
  done
done

outcome_slice
