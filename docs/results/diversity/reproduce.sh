#!/bin/bash
# The diversity map of issue #16: MultiGoal goal coverage over seeds for MEDE and DIAYN, across layouts and levers.
# Every block is a `mede sweep` folder under runs/diversity/: resumable (rerun this script after a stop and finished
# cells are skipped, unfinished ones resume from their checkpoints). One run of 20,000 steps takes about 4 minutes
# on one core; PARALLEL=2 runs two at once. Run from the repository root; STAGE picks how far to go:
#   STAGE=1  the four-goal preset, paper MEDE and DIAYN, 10 seeds                     (20 runs)
#   STAGE=2  + the levers on the four-goal preset, 3 seeds each (pilot)               (+15 runs)
#            + the levers that act before the first goal: warm-up 8,000 on 10 seeds, and 4-seed pilots of warm-up
#              with beta 4 or w 4, and of shared experience (an extension)               (+34 runs)
#            + the outcome term (an extension) on 10 seeds and two pilots, for DIAYN too; three goals K 3 with and
#              without it, two goals K 2 with it                                          (+68 runs)
#            + the same objective in units of 1/100, two, three and four goals, with and without the outcome term; DIAYN (+60 runs)
#            + the preset's 60,000 steps in units of 1/100: four goals with and without the outcome term, two goals with it (+19 runs)
#            + MEDE's preset of the sixth slice (units of 1/100, outcome u 2): two more layouts (10 and 4 seeds);
#              the two-goal preset to 10 seeds; pilots of larger outcome weights and of the state term   (+34 runs)
#            + the outcome term as information at the end (the preset of the seventh slice) on four layouts (+40 runs)
#            + time limits that end the backup on five layouts, pilots, and the preset with K 2 and K 6 (+114 runs)
#            + the time left in the observation on five layouts, the positive part with it on two, and the undiscounted
#              positive score at u 400 (+90 runs)
#            + u 300 and correlated warm-up actions, alone and together, on five layouts; the paper's MEDE at the
#              same budget, u 250 on two layouts (+119 runs)
#            + u 250 on two more layouts, the preset without the term, the term fading two ways, 2x256 networks (+56 runs)
#            + the end's score spread and shaped, u 150 and 100 on four goals; the preset with u from the layout on five
#              layouts (+90 runs)
#            + the information score's positive part on four layouts, and losses at the floor weight (the preset since)
#              on three (+70 runs)
#   STAGE=3  + the levers on 10 seeds, and the layouts (two, three goals; K below, equal to, above G)
# At the end the map is rebuilt from every folder that exists: docs/results/diversity/map/.
# The map was made when MultiGoal's preset warm-up was 1,000 steps (it is 8,000 since the third slice), so every
# sweep that does not choose a warm-up passes WarmupSteps=1000: rerunning gives the same runs.
set -euo pipefail
mede() { dotnet run --project src/Mede.ML.Cli -c Release --no-build -- "$@"; }
dotnet build src/Mede.ML.Cli -c Release -v quiet
STAGE=${STAGE:-1}
PARALLEL=${PARALLEL:-1}
OUT=runs/diversity
# MEDE's MultiGoal preset is the paper's objective in units of 1/100 with the outcome term since the sixth slice (u 2),
# scored as information at the episode's end since the seventh (u 200, h 2, 30,000 steps); every sweep made before
# them starts from the paper's settings and the outcome term as it was (a later --set wins), so rerunning gives the
# same runs. The time left joined MultiGoal's observation in the ninth slice: the sweeps before it turn it off. The
# tenth made u 300 with a warm-up of 16,000 correlated steps the preset: the sweeps before it pin u and rho 0. The
# thirteenth sets u from the layout (OutcomeWeight 100, OutcomeWeightMargin 1.6): the sweeps before it pin margin 0.
# The fourteenth keeps the information score's losses at the floor weight (OutcomeLossWeight 100): the sweeps before it
# pin losses weighing u (OutcomeLossWeight=null).
paper=(--set RewardScale=1 --set EntropyCoefficient=0.3 --set OutcomeWeight=0 --set OutcomeWeightMargin=0 --set OutcomeBandwidth=1 --set OutcomeScore=Price --set OutcomeLossWeight=null --set BootstrapTimeLimits=true --env-option time-feature=false --set WarmupActionCorrelation=0)
common=(--env multigoal --steps 20000 --record-every 0 --threads 1 --parallel "$PARALLEL" "${paper[@]}")

sweep() { local name=$1; shift; mede sweep "${common[@]}" --out "$OUT/$name" "$@"; }

# Stage 1: the paper's MEDE (beta 1, alpha 0.3, separate networks) against DIAYN, four goals, K = 4.
sweep four --algo mede,diayn --agents 4 --seeds 0-9 --set WarmupSteps=1000

if (( STAGE >= 2 )); then
  sweep four-alpha1 --algo mede --agents 4 --seeds 0-2 --set EntropyCoefficient=1 --set WarmupSteps=1000
  sweep four-beta4 --algo mede --agents 4 --seeds 0-2 --set DiscriminatorWeight=4 --set WarmupSteps=1000
  sweep four-alpha1-w4 --algo mede --agents 4 --seeds 0-2 --set EntropyCoefficient=1 --set StateDiscriminatorWeight=4 --set WarmupSteps=1000
  sweep four-w1 --algo mede --agents 4 --seeds 0-2 --set StateDiscriminatorWeight=1 --set WarmupSteps=1000
  sweep four-w4 --algo mede --agents 4 --seeds 0-2 --set StateDiscriminatorWeight=4 --set WarmupSteps=1000
  # Second slice: knowledge of more goals before learning starts (2,000 random steps per agent instead of 250) ...
  sweep four-warm8k --algo mede --agents 4 --seeds 0-9 --set WarmupSteps=8000
  sweep four-warm8k-w4 --algo mede --agents 4 --seeds 0-3 --set WarmupSteps=8000 --set StateDiscriminatorWeight=4
  sweep four-warm8k-beta4-30k --algo mede --agents 4 --seeds 0-3 --steps 30000 --set WarmupSteps=8000 --set DiscriminatorWeight=4
  sweep four-warm16k-beta4-30k --algo mede --agents 4 --seeds 0-3 --steps 30000 --set WarmupSteps=16000 --set DiscriminatorWeight=4
  # ... and every agent learning from every agent's transitions (ShareExperience, an extension). These runs were
  # ours were stopped at 10,000-18,000 steps, once the agents had settled on one goal: their training episodes are the result.
  sweep four-share --algo mede,diayn --agents 4 --seeds 0-1 --set ShareExperience=true --set WarmupSteps=1000
  sweep four-share-w4 --algo mede --agents 4 --seeds 0-1 --set ShareExperience=true --set StateDiscriminatorWeight=4 --set WarmupSteps=1000
  # Third slice: the outcome term (OutcomeWeight, an extension) on warm-up 8,000, and on two more layouts.
  sweep four-warm8k-u2 --algo mede --agents 4 --seeds 0-9 --set WarmupSteps=8000 --set OutcomeWeight=2
  sweep four-warm8k-u5 --algo mede --agents 4 --seeds 1,4,7,8 --set WarmupSteps=8000 --set OutcomeWeight=5
  sweep four-warm8k-u2-h2 --algo mede --agents 4 --seeds 1,4,7,8 --set WarmupSteps=8000 --set OutcomeWeight=2 --set OutcomeBandwidth=2
  sweep three-warm8k --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" --set WarmupSteps=8000
  sweep three-warm8k-u2 --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" --set WarmupSteps=8000 --set OutcomeWeight=2
  sweep two-warm8k-u2 --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals --set WarmupSteps=8000 --set OutcomeWeight=2
  sweep four-warm8k-diayn --algo diayn --agents 4 --seeds 0-9 --set WarmupSteps=8000
  sweep four-warm8k-diayn-u2 --algo diayn --agents 4 --seeds 0-9 --set WarmupSteps=8000 --set OutcomeWeight=2
  # Fourth slice: the same objective in units of 1/100 (rewards and alpha times 0.01): the critics stop diverging.
  units=(--set RewardScale=0.01 --set EntropyCoefficient=0.003 --set WarmupSteps=8000 --set WarmupActionCorrelation=0 --set OutcomeWeightMargin=0 --set OutcomeLossWeight=null)
  sweep two-warm8k-units --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals "${units[@]}"
  sweep four-warm8k-units --algo mede --agents 4 --seeds 0-9 "${units[@]}"
  sweep four-warm8k-units-u2 --algo mede --agents 4 --seeds 0-9 "${units[@]}" --set OutcomeWeight=2
  sweep three-warm8k-units --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" "${units[@]}"
  sweep three-warm8k-units-u2 --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" "${units[@]}" --set OutcomeWeight=2
  # DIAYN's log q(z|s) is added after the reward scale: in these units it weighs 100 times more (not the same objective).
  sweep four-warm8k-units-diayn --algo diayn --agents 4 --seeds 0-9 "${units[@]}"
  # Fifth slice: the preset's own budget, 60,000 steps (about 6.5 minutes a run on one core), in units of 1/100, with
  # and without the outcome term; the preset itself (paper units) on four goals is docs/results/multigoal's sweep.
  base=(--env multigoal --record-every 0 --threads 1 --parallel "$PARALLEL" "${paper[@]}")
  long=("${base[@]}" --steps 60000)
  sweep60() { local name=$1; shift; mede sweep "${long[@]}" --out "$OUT/$name" "$@"; }
  sweep60 four-60k-units --algo mede --agents 4 --seeds 0-4 "${units[@]}"
  sweep60 four-60k-units-u2 --algo mede --agents 4 --seeds 0-9 "${units[@]}" --set OutcomeWeight=2
  sweep60 two-60k-units-u2 --algo mede --agents 2 --seeds 0-3 --env-option preset=two-goals "${units[@]}" --set OutcomeWeight=2
  # Sixth slice: MEDE's MultiGoal preset of then (units of 1/100, outcome u 2, 60,000 steps) on three goals (ten
  # seeds) and on three goals at unequal distances (4, 5.4, 6.7; four seeds), and the two-goal preset's seeds 4-9.
  preset=("${long[@]}" "${units[@]}" --set OutcomeWeight=2)
  sweepPreset() { local name=$1; shift; mede sweep "${preset[@]}" --out "$OUT/$name" "$@"; }
  sweepPreset three-60k-units-u2 --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33"
  sweepPreset uneven3-60k-units-u2 --algo mede --agents 3 --seeds 0-3 --env-option "goals=4,0;-3,4.5;-3,-6"
  sweepPreset two-60k-units-u2-s4-9 --algo mede --agents 2 --seeds 4-9 --env-option preset=two-goals
  # ... and the pilots of larger outcome weights (seeds 0-1): they split the two-goal preset and strand agents on four goals.
  sweep30() { local name=$1; shift; mede sweep "${base[@]}" --steps 30000 --out "$OUT/$name" "${units[@]}" "$@"; }
  sweep30 two-units-u10-30k --algo mede --agents 2 --seeds 0-1 --env-option preset=two-goals --set OutcomeWeight=10
  sweep30 two-units-u30-30k --algo mede --agents 2 --seeds 0-1 --env-option preset=two-goals --set OutcomeWeight=30
  sweep30 two-e1-u60-30k --algo mede --agents 2 --seeds 0-1 --env-option preset=two-goals --set OutcomeWeight=60 --set OutcomePseudoCount=1
  sweep30 four-e1-u60-30k --algo mede --agents 4 --seeds 0-1 --set OutcomeWeight=60 --set OutcomePseudoCount=1
  sweep60 four-60k-units-u30 --algo mede --agents 4 --seeds 0-1 "${units[@]}" --set OutcomeWeight=30
  # ... and the state term w beside the preset's outcome term on the two-goal preset (pilot, seeds 0-1, 30,000 steps).
  sweep30 two-units-u2-w16-30k --algo mede --agents 2 --seeds 0-1 --env-option preset=two-goals --set OutcomeWeight=2 --set StateDiscriminatorWeight=16
  # Seventh slice: the outcome term scored as information at the episode's end (u 200, h 2, 30,000 steps), MEDE's
  # MultiGoal preset since, on the four layouts with K equal to the number of goals, ten seeds each (about 3.5 minutes
  # a run on one core).
  info=(--env multigoal --record-every 0 --threads 1 --parallel "$PARALLEL" --steps 30000 "${units[@]}" --set OutcomeScore=Information --set OutcomeWeight=200 --set OutcomeBandwidth=2 --set BootstrapTimeLimits=true --env-option time-feature=false)
  sweepInfo() { local name=$1; shift; mede sweep "${info[@]}" --out "$OUT/$name" "$@"; }
  sweepInfo four-info-u200h2-30k --algo mede --agents 4 --seeds 0-9
  sweepInfo three-info-u200h2-30k --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33"
  sweepInfo two-info-u200h2-30k --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals
  sweepInfo uneven3-info-u200h2-30k --algo mede --agents 3 --seeds 0-9 --env-option "goals=4,0;-3,4.5;-3,-6"
  # Eighth slice: the seventh slice's preset with time limits that end the backup (BootstrapTimeLimits=false) on the
  # four layouts and on three goals at the same distances kept off the walls (about 2.2 minutes a run on one core);
  # the pilots on the seeds the seventh preset lost; the positive part of the information score with u 400 on ten
  # seeds; and the seventh preset (which stays MEDE's MultiGoal preset) with K 2 and K 6 on four goals. Its map is
  # docs/results/diversity/map-eighth (the earlier slices' run folders were not kept, so map/ stays as it was).
  eighth=(--env multigoal --record-every 0 --threads 1 --parallel "$PARALLEL" --steps 30000 "${units[@]}" --set OutcomeScore=Information --set OutcomeWeight=200 --set OutcomeBandwidth=2 --set BootstrapTimeLimits=false --env-option time-feature=false)
  sweep8() { local name=$1; shift; mede sweep "${eighth[@]}" --out "$OUT/$name" "$@"; }
  tangent="goals=4,0;-3,4.5;-3,-6"; offwall="goals=4,0;-3,4.5;-4.7,-4.8"
  sweep8 uneven3-info-u200h2-tl-30k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent"
  sweep8 four-info-u200h2-tl-30k --algo mede --agents 4 --seeds 0-9
  sweep8 two-info-u200h2-tl-30k --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals
  sweep8 three-info-u200h2-tl-30k --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33"
  sweep8 offwall3-info-u200h2-tl-30k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall"
  # Pilots: the positive part (u 200, u 400), and u 400 alone, on the uneven seeds 1-4 and the two-goal seed 9.
  positive=(--set OutcomeScore=PositiveInformation)
  sweep8 uneven3-pinfo-u200h2-tl-s1-4 --algo mede --agents 3 --seeds 1-4 --env-option "$tangent" "${positive[@]}"
  sweep8 uneven3-info-u400h2-tl-s1-4 --algo mede --agents 3 --seeds 1-4 --env-option "$tangent" --set OutcomeWeight=400
  sweep8 two-pinfo-u200h2-tl-s9 --algo mede --agents 2 --seeds 9 --env-option preset=two-goals "${positive[@]}"
  sweep8 two-pinfo-u400h2-tl-s9 --algo mede --agents 2 --seeds 9 --env-option preset=two-goals "${positive[@]}" --set OutcomeWeight=400
  # The positive part with u 400 on ten seeds of both uneven layouts, and on four goals (seeds 0-3): agents hurry.
  sweep8 uneven3-pinfo-u400h2-tl-30k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent" "${positive[@]}" --set OutcomeWeight=400
  sweep8 offwall3-pinfo-u400h2-tl-30k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" "${positive[@]}" --set OutcomeWeight=400
  sweep8 four-pinfo-u400h2-tl-30k --algo mede --agents 4 --seeds 0-3 "${positive[@]}" --set OutcomeWeight=400
  # K below and above the number of goals with the preset (four goals, K 2 and K 6, seeds 0-4).
  sweepInfo four-k2-info-u200h2-30k --algo mede --agents 2 --seeds 0-4
  sweepInfo four-k6-info-u200h2-30k --algo mede --agents 6 --seeds 0-4
  mede diversity "$OUT"/*-tl-30k "$OUT"/four-k[26]-info-u200h2-30k --out docs/results/diversity/map-eighth

  # Ninth slice: the time left in MultiGoal's observation (time-feature=true, so the backup ends at the time limit), with
  # the seventh slice's information score, then the positive part at u 400 paid undiscounted (OutcomePayment Undiscounted);
  # ten seeds of each layout. docs/results/diversity/map-ninth.
  ninth=("${eighth[@]}" --env-option time-feature=true)
  sweep9() { local name=$1; shift; mede sweep "${ninth[@]}" --out "$OUT/$name" "$@"; }
  sweep9 uneven3-info-u200h2-tl-time-30k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent"
  sweep9 offwall3-info-u200h2-tl-time-30k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall"
  sweep9 four-info-u200h2-tl-time-30k --algo mede --agents 4 --seeds 0-9
  sweep9 three-info-u200h2-tl-time-30k --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33"
  sweep9 two-info-u200h2-tl-time-30k --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals
  undiscounted=(--set OutcomeScore=PositiveInformation --set OutcomeWeight=400 --set OutcomePayment=Undiscounted)
  sweep9 four-pinfo-u400h2-tl-time-undisc-30k --algo mede --agents 4 --seeds 0-9 "${undiscounted[@]}"
  sweep9 offwall3-pinfo-u400h2-tl-time-undisc-30k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" "${undiscounted[@]}"
  sweep9 uneven3-pinfo-u400h2-tl-time-undisc-30k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent" "${undiscounted[@]}"
  # The positive part with the time, on the two uneven layouts.
  sweep9 uneven3-pinfo-u200h2-tl-time-30k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent" --set OutcomeScore=PositiveInformation
  sweep9 offwall3-pinfo-u200h2-tl-time-30k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" --set OutcomeScore=PositiveInformation
  # A longer warm-up with the time: 16,000 random steps, 38,000 in all (the same 22,000 learning steps).
  warm=(--env multigoal --record-every 0 --threads 1 --parallel "$PARALLEL" --steps 38000 --set WarmupSteps=16000 --set OutcomeWeight=200 --set WarmupActionCorrelation=0 --set OutcomeWeightMargin=0 --set OutcomeLossWeight=null)
  mede sweep "${warm[@]}" --algo mede --agents 3 --seeds 0-9 --env-option "$tangent" --out "$OUT/uneven3-info-u200h2-tl-time-warm16k-38k"
  mede sweep "${warm[@]}" --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" --out "$OUT/offwall3-info-u200h2-tl-time-warm16k-38k"
  mede sweep "${warm[@]}" --algo mede --agents 4 --seeds 0-9 --out "$OUT/four-info-u200h2-tl-time-warm16k-38k"
  mede sweep "${warm[@]}" --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals --out "$OUT/two-info-u200h2-tl-time-warm16k-38k"
  mede diversity "$OUT"/*-time-30k "$OUT"/*-time-undisc-30k "$OUT"/*-warm16k-38k --out docs/results/diversity/map-ninth

  # Tenth slice: the 16,000-step warm-up on three goals; on the off-wall layout u 300 alone, correlated warm-up actions
  # alone (WarmupActionCorrelation 0.8), and both, which is MEDE's MultiGoal preset since (u 300, warm-up 16,000
  # correlated, 38,000 steps), on all five layouts; u 300 undiscounted on four goals (seeds 0-5); the paper's MEDE in
  # units of 1/100 at the same budget, for the return. docs/results/diversity/map-tenth.
  mede sweep "${warm[@]}" --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" --out "$OUT/three-info-u200h2-tl-time-warm16k-38k"
  mede sweep "${warm[@]}" --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" --set OutcomeWeight=300 --out "$OUT/offwall3-info-u300h2-tl-time-warm16k-38k"
  mede sweep "${warm[@]}" --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" --set WarmupActionCorrelation=0.8 --out "$OUT/offwall3-info-u200h2-tl-time-warm16k-rho08-38k"
  mede sweep "${warm[@]}" --algo mede --agents 3 --seeds 3,4,7 --env-option "$offwall" --steps 46000 --set WarmupSteps=24000 --out "$OUT/offwall3-info-u200h2-tl-time-warm24k-46k-s347"
  tenth=(--env multigoal --record-every 0 --threads 1 --parallel "$PARALLEL" --steps 38000 --set WarmupSteps=16000 --set WarmupActionCorrelation=0.8 --set OutcomeWeight=300 --set OutcomeWeightMargin=0 --set OutcomeLossWeight=null)
  sweep10() { local name=$1; shift; mede sweep "${tenth[@]}" --out "$OUT/$name" "$@"; }
  sweep10 offwall3-info-u300h2-tl-time-warm16k-rho08-38k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall"
  sweep10 four-info-u300h2-tl-time-warm16k-rho08-38k --algo mede --agents 4 --seeds 0-9
  sweep10 uneven3-info-u300h2-tl-time-warm16k-rho08-38k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent"
  sweep10 two-info-u300h2-tl-time-warm16k-rho08-38k --algo mede --agents 2 --seeds 0-9 --env-option preset=two-goals
  sweep10 three-info-u300h2-tl-time-warm16k-rho08-38k --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33"
  sweep10 four-info-u300h2-tl-time-undisc-warm16k-rho08-38k --algo mede --agents 4 --seeds 0-5 --set OutcomePayment=Undiscounted
  sweep10 offwall3-info-u250h2-tl-time-warm16k-rho08-38k --algo mede --agents 3 --seeds 0-9 --env-option "$offwall" --set OutcomeWeight=250
  sweep10 four-info-u250h2-tl-time-warm16k-rho08-38k --algo mede --agents 4 --seeds 0-9 --set OutcomeWeight=250
  mede sweep --env multigoal --record-every 0 --threads 1 --parallel "$PARALLEL" --steps 38000 --algo mede --agents 4 --seeds 0-9 \
    --set WarmupSteps=1000 --set WarmupActionCorrelation=0 --set OutcomeWeight=0 --set BootstrapTimeLimits=true --env-option time-feature=false \
    --out "$OUT/four-paper-units-38k"
  mede diversity "$OUT"/*-warm16k-38k "$OUT"/*-rho08-38k "$OUT"/*-s347 "$OUT"/four-paper-units-38k --out docs/results/diversity/map-tenth

  # Eleventh slice: u 250 on three goals and the uneven layout; the preset without the term (u 0); the term fading,
  # fast (24,000 to 30,000) and slow (16,000 to 38,000); the preset with 2x256 networks (seeds 0-5).
  # docs/results/diversity/map-eleventh; optimal_path.py for the task's own optimum.
  sweep10 three-info-u250h2-tl-time-warm16k-rho08-38k --algo mede --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" --set OutcomeWeight=250
  sweep10 uneven3-info-u250h2-tl-time-warm16k-rho08-38k --algo mede --agents 3 --seeds 0-9 --env-option "$tangent" --set OutcomeWeight=250
  sweep10 four-u0-tl-time-warm16k-rho08-38k --algo mede --agents 4 --seeds 0-9 --set OutcomeWeight=0
  sweep10 four-u300-fade24-30k --algo mede --agents 4 --seeds 0-9 --set OutcomeFadeStart=24000 --set OutcomeFadeEnd=30000
  sweep10 four-u300-fade16-38k --algo mede --agents 4 --seeds 0-9 --set OutcomeFadeStart=16000 --set OutcomeFadeEnd=38000
  sweep10 four-u300-h256 --algo mede --agents 4 --seeds 0-5 --set HiddenLayerSizes=256,256
  mede diversity "$OUT"/*-u250h2-tl-time-warm16k-rho08-38k "$OUT"/*-u300h2-tl-time-warm16k-rho08-38k "$OUT"/four-u0-tl-time-warm16k-rho08-38k \
    "$OUT"/four-u300-fade* "$OUT"/four-u300-h256 "$OUT"/four-paper-units-38k --out docs/results/diversity/map-eleventh

  # Thirteenth slice: the end's score spread over the episode and given as potential-based shaping (both at u 300,
  # four goals); smaller u on four goals; then MEDE's MultiGoal preset since, u from the layout (OutcomeWeight 100,
  # OutcomeWeightMargin 1.6), with nothing set, on all five layouts. docs/results/diversity/map-thirteenth.
  sweep10 four-u300-spread --algo mede --agents 4 --seeds 0-9 --set OutcomePayment=Spread
  sweep10 four-u300-shaped --algo mede --agents 4 --seeds 0-9 --set OutcomePayment=Shaped
  sweep10 four-u150 --algo mede --agents 4 --seeds 0-9 --set OutcomeWeight=150
  sweep10 four-u100 --algo mede --agents 4 --seeds 0-9 --set OutcomeWeight=100
  own=(--env multigoal --algo mede --record-every 0 --threads 1 --parallel "$PARALLEL" --seeds 0-9 --set OutcomeLossWeight=null)
  mede sweep "${own[@]}" --agents 3 --env-option "$tangent" --out "$OUT/preset13-uneven3"
  mede sweep "${own[@]}" --agents 3 --env-option "$offwall" --out "$OUT/preset13-offwall3"
  mede sweep "${own[@]}" --agents 3 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" --out "$OUT/preset13-three3"
  mede sweep "${own[@]}" --agents 2 --env-option preset=two-goals --out "$OUT/preset13-two2"
  mede sweep "${own[@]}" --agents 4 --out "$OUT/preset13-four4"
  mede diversity "$OUT"/four-u300-spread "$OUT"/four-u300-shaped "$OUT"/four-u150 "$OUT"/four-u100 "$OUT"/preset13-* \
    "$OUT"/*-u300h2-tl-time-warm16k-rho08-38k "$OUT"/four-paper-units-38k --out docs/results/diversity/map-thirteenth
  # Fourteenth slice: the information score's positive part (no losses) with u from the layout on four layouts; then
  # MEDE's MultiGoal preset since, losses weighing the floor's 100 (OutcomeLossWeight), with nothing set, on the three
  # layouts where u is above 100 (on four and three goals it changes nothing: the thirteenth slice's runs are its runs).
  now=(--env multigoal --algo mede --record-every 0 --threads 1 --parallel "$PARALLEL" --seeds 0-9)
  pos=("${now[@]}" --set OutcomeScore=PositiveInformation --set OutcomeLossWeight=null)
  mede sweep "${pos[@]}" --agents 3 --env-option "$offwall" --out "$OUT/pos14-offwall3"
  mede sweep "${pos[@]}" --agents 4 --out "$OUT/pos14-four4"
  mede sweep "${pos[@]}" --agents 3 --env-option "$tangent" --out "$OUT/pos14-uneven3"
  mede sweep "${pos[@]}" --agents 2 --env-option preset=two-goals --out "$OUT/pos14-two2"
  mede sweep "${now[@]}" --agents 3 --env-option "$offwall" --out "$OUT/preset14-offwall3"
  mede sweep "${now[@]}" --agents 3 --env-option "$tangent" --out "$OUT/preset14-uneven3"
  mede sweep "${now[@]}" --agents 2 --env-option preset=two-goals --out "$OUT/preset14-two2"
  python3 docs/results/diversity/coverage_over_training.py docs/results/diversity/map-fourteenth/coverage-over-training \
    "four goals=information@$OUT/preset13-four4,positive part@$OUT/pos14-four4" \
    "two goals=information@$OUT/preset13-two2,positive part@$OUT/pos14-two2,losses at 100 (preset)@$OUT/preset14-two2" \
    "uneven=information@$OUT/preset13-uneven3,positive part@$OUT/pos14-uneven3,losses at 100 (preset)@$OUT/preset14-uneven3" \
    "off-wall=information@$OUT/preset13-offwall3,positive part@$OUT/pos14-offwall3,losses at 100 (preset)@$OUT/preset14-offwall3"
  mede diversity "$OUT"/preset13-* "$OUT"/pos14-* "$OUT"/preset14-* --out docs/results/diversity/map-fourteenth
fi

if (( STAGE >= 3 )); then
  sweep four-alpha-auto --algo mede --agents 4 --seeds 0-9 --set AutomaticEntropyTuning=true --set WarmupSteps=1000
  sweep four-shared --algo mede,diayn --agents 4 --seeds 0-9 --network shared --set WarmupSteps=1000
  sweep four-disc64 --algo mede --agents 4 --seeds 0-9 --set DiscriminatorHiddenLayerSizes=64,64 --set WarmupSteps=1000
  sweep four-disclr1e-3 --algo mede --agents 4 --seeds 0-9 --set LearningRate=0.001 --set WarmupSteps=1000
  sweep four-60k --algo mede,diayn --agents 4 --seeds 0-9 --steps 60000 --set WarmupSteps=1000
  sweep two --algo mede,diayn --agents 2 --seeds 0-9 --env-option preset=two-goals --set WarmupSteps=1000
  sweep two-k4 --algo mede,diayn --agents 4 --seeds 0-9 --env-option preset=two-goals --set WarmupSteps=1000
  sweep three --algo mede,diayn --agents 3 --seeds 0-9 --env-option "goals=5,0;-2.5,4.33;-2.5,-4.33" --set WarmupSteps=1000
  sweep four-k2 --algo mede,diayn --agents 2 --seeds 0-9 --set WarmupSteps=1000
  sweep six-far --algo mede,diayn --agents 6 --seeds 0-9 --env-option "goals=6,0;3,5.2;-3,5.2;-6,0;-3,-5.2;3,-5.2" --env-option position-limit=8 --set WarmupSteps=1000
fi

mede diversity "$OUT"/* --out docs/results/diversity/map
