"""How many seeds cover every goal as training goes on, from the training episodes (episodes.csv) of sweep folders:
in each window of 2,000 environment steps, an agent holds the goal that at least half of its episodes in the window
end at (none if no goal reaches half), and a seed covers every goal when its K agents hold K different goals (the
sweeps here have K equal to the number of goals): settle.py's test of a window, at half instead of its 80%. Writes
a CSV and an SVG chart with one panel per layout and one line per folder. Usage:
  python3 coverage_over_training.py OUT_PREFIX LAYOUT=[LABEL@]FOLDER[,[LABEL@]FOLDER...] ...
e.g. python3 coverage_over_training.py map-fourteenth/coverage-over-training \\
       "off-wall=information@runs/diversity/preset13-offwall3,positive part@runs/diversity/preset14-offwall3" ...
Within a panel the first folder is drawn dashed, the next solid; the legend takes the first panel's labels (the
folder's name without one)."""
import collections
import csv
import glob
import json
import os
import sys

from settle import WINDOW, windows

# An agent holds a goal when at least half of its episodes in the window end there (settle.py asks 80%, for a run
# that has settled for good).
SHARE = 0.5


def coverage(folder):
    """{window start: seeds covering every goal}, and the number of seeds."""
    covered = collections.Counter()
    runs = sorted(glob.glob(os.path.join(folder, 'runs', '*', 'episodes.csv')))
    for path in runs:
        with open(path, newline='') as f:
            rows = list(csv.DictReader(f))
        # Whole windows of the run's steps only: episodes that end at the final step do not make a window.
        with open(os.path.join(os.path.dirname(path), 'run.json')) as f:
            end = json.load(f)['Options']['TotalSteps']
        for start, ok in windows(rows, SHARE, end):
            covered[start] += ok
    last = max(covered, default=0)
    return {start: covered[start] for start in range(0, last + 1, WINDOW)}, len(runs)


def main():
    out, panels = sys.argv[1], []
    for arg in sys.argv[2:]:
        layout, folders = arg.split('=', 1)
        lines = []
        for spec in folders.split(','):
            label, _, folder = spec.rpartition('@')
            lines.append((label or os.path.basename(folder.rstrip('/')), *coverage(folder)))
        panels.append((layout, lines))

    with open(out + '.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['layout', 'folder', 'step', 'seeds_covering_every_goal', 'seeds'])
        for layout, lines in panels:
            for folder, points, seeds in lines:
                for step, n in points.items():
                    w.writerow([layout, folder, step, n, seeds])

    # One panel per layout, side by side: x the step (thousands), y the seeds covering every goal.
    pw, ph, left, top, gap = 230, 190, 40, 40, 25
    width = left + len(panels) * (pw + gap) + 10
    height = top + ph + 90
    colours = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd']
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13">Seeds covering every goal during training (2,000-step windows)</text>']
    xmax = max(s for _, lines in panels for _, p, _ in lines for s in p) + WINDOW
    for i, (layout, lines) in enumerate(panels):
        x0 = left + i * (pw + gap)
        seeds = max(n for _, _, n in lines)
        sx = lambda s: x0 + pw * s / xmax
        sy = lambda n: top + ph - ph * n / seeds
        svg.append(f'<rect x="{x0}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
        svg.append(f'<text x="{x0 + pw / 2}" y="{top - 6}" text-anchor="middle">{layout}</text>')
        for n in range(0, seeds + 1, 2):
            svg.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{sy(n):.1f}" y2="{sy(n):.1f}" stroke="#eee"/>')
            if i == 0:
                svg.append(f'<text x="{x0 - 5}" y="{sy(n) + 4:.1f}" text-anchor="end">{n}</text>')
        for k in range(0, xmax // 1000 + 1, 10):
            svg.append(f'<text x="{sx(k * 1000):.1f}" y="{top + ph + 14}" text-anchor="middle">{k}k</text>')
        for j, (folder, points, _) in enumerate(lines):
            path = ' '.join(f'{sx(s + WINDOW / 2):.1f},{sy(n):.1f}' for s, n in sorted(points.items()))
            dash = ' stroke-dasharray="5,3"' if j == 0 and len(lines) > 1 else ''
            svg.append(f'<polyline points="{path}" fill="none" stroke="{colours[j % len(colours)]}" stroke-width="2"{dash}/>')
    names = []
    for _, lines in panels:
        for j, (folder, _, _) in enumerate(lines):
            if len(names) <= j:
                names.append(folder)
    for j, name in enumerate(names):
        y = top + ph + 34 + 16 * j
        dash = ' stroke-dasharray="5,3"' if j == 0 and len(names) > 1 else ''
        svg.append(f'<line x1="{left}" x2="{left + 30}" y1="{y - 4}" y2="{y - 4}" stroke="{colours[j % len(colours)]}" stroke-width="2"{dash}/>')
        svg.append(f'<text x="{left + 36}" y="{y}">{name}</text>')
    svg.append(f'<text x="{left + 200}" y="{top + ph + 34}">y: seeds of {max(n for _, l in panels for _, _, n in l)}; x: environment steps, warm-up included</text>')
    svg.append('</svg>')
    with open(out + '.svg', 'w') as f:
        f.write('\n'.join(svg) + '\n')


main()
