// Client-side re-classification. Step distances do not depend on the threshold, so moving the
// slider only re-labels steps (changed when distance > threshold, else same; inserted and removed
// stay) and merges neighbours of one kind into regions — no request per tick. Mirrors
// Sage.Core.Comparison.ComparisonResultBuilder.Summarise.

import type { AlignmentStep, Comparison, ComparisonStatistics, RegionKind } from './types';

export interface ViewRegion {
  index: number;
  kind: RegionKind;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  meanDistance: number | null;
  maxDistance: number | null;
  /** Mean distance per option (e.g. visual, audio). */
  optionDistances: Record<string, number>;
  firstStep: number;
  stepCount: number;
  /** What differs, in words. */
  label: string;
}

export interface ClassifiedView {
  threshold: number;
  regions: ViewRegion[];
  /** Regions other than `same`, the ones the timeline and list show. */
  differences: ViewRegion[];
  statistics: ComparisonStatistics;
}

export function classifyStep(step: AlignmentStep, threshold: number): RegionKind {
  if (step.aIndex == null) return 'inserted';
  if (step.bIndex == null) return 'removed';
  if (step.distance == null) return step.kind;
  return step.distance > threshold ? 'changed' : 'same';
}

const isPicture = (option: string) => option.startsWith('visual');
const isSound = (option: string) => option === 'audio';

/** "Picture", "Audio", "Picture and audio"… (the server's words) from the per-option distances against the threshold. */
export function describe(kind: RegionKind, optionDistances: Record<string, number>, threshold: number): string {
  if (kind === 'inserted') return 'Only in B (inserted)';
  if (kind === 'removed') return 'Only in A (removed)';
  if (kind === 'same') return 'Same';
  const entries = Object.entries(optionDistances);
  const over = entries.filter(([, d]) => d > threshold).map(([option]) => option);
  const picture = over.some(isPicture);
  const sound = over.some(isSound);
  if (picture && sound) return 'Picture and audio';
  if (picture) return 'Picture';
  if (sound) return 'Audio';
  // No single option crosses the threshold: name the one that moved most.
  const top = entries.sort((x, y) => y[1] - x[1])[0]?.[0];
  if (!top) return 'Content';
  return isPicture(top) ? 'Mostly picture' : isSound(top) ? 'Mostly audio' : `Mostly ${top}`;
}

export function classify(comparison: Comparison, threshold: number): ClassifiedView {
  const { steps, options } = comparison;
  const kinds = steps.map((step) => classifyStep(step, threshold));
  const regions: ViewRegion[] = [];
  let sameA = 0;
  let sameB = 0;
  let changed = 0;
  let inserted = 0;
  let removed = 0;
  let compared = 0;
  let changedClips = 0;
  for (let start = 0; start < steps.length; ) {
    const kind = kinds[start];
    let end = start;
    while (end + 1 < steps.length && kinds[end + 1] === kind) end++;
    let mean: number | null = null;
    let max: number | null = null;
    const optionDistances: Record<string, number> = {};
    if (kind === 'same' || kind === 'changed') {
      let sum = 0;
      let largest = 0;
      const sums = new Array<number>(options.length).fill(0);
      for (let s = start; s <= end; s++) {
        const d = steps[s].distance ?? 0;
        sum += d;
        largest = Math.max(largest, d);
        steps[s].optionDistances?.forEach((value, o) => (sums[o] += value));
      }
      const count = end - start + 1;
      mean = sum / count;
      max = largest;
      options.forEach((option, o) => (optionDistances[option] = sums[o] / count));
    }
    const region: ViewRegion = {
      index: regions.length,
      kind,
      aStart: steps[start].aStart,
      aEnd: steps[end].aEnd,
      bStart: steps[start].bStart,
      bEnd: steps[end].bEnd,
      meanDistance: mean,
      maxDistance: max,
      optionDistances,
      firstStep: start,
      stepCount: end - start + 1,
      label: describe(kind, optionDistances, threshold),
    };
    regions.push(region);
    switch (kind) {
      case 'same':
        sameA += region.aEnd - region.aStart;
        sameB += region.bEnd - region.bStart;
        compared += region.stepCount;
        break;
      case 'changed':
        changed += region.aEnd - region.aStart;
        changedClips += region.stepCount;
        compared += region.stepCount;
        break;
      case 'inserted':
        inserted += region.bEnd - region.bStart;
        break;
      default:
        removed += region.aEnd - region.aStart;
    }
    start = end + 1;
  }
  const durationA = comparison.videoA.duration || (steps.length ? Math.max(...steps.map((s) => s.aEnd)) : 0);
  const durationB = comparison.videoB.duration || (steps.length ? Math.max(...steps.map((s) => s.bEnd)) : 0);
  const total = durationA + durationB;
  return {
    threshold,
    regions,
    differences: regions.filter((r) => r.kind !== 'same'),
    statistics: {
      similarityPercent: total > 0 ? (100 * (sameA + sameB)) / total : 100,
      secondsSame: sameA,
      secondsChanged: changed,
      secondsInserted: inserted,
      secondsRemoved: removed,
      clipsCompared: compared,
      clipsChanged: changedClips,
    },
  };
}

/** Where B should be when A is at `a`, and whether B should hold still (A plays a part B lacks). */
export function mapAToB(steps: AlignmentStep[], a: number): { b: number; hold: boolean; rate: number } {
  if (steps.length === 0) return { b: a, hold: false, rate: 1 };
  for (const step of steps) {
    if (step.aIndex == null) continue; // inserted: a point in A, skipped while A plays
    if (a < step.aEnd || step === steps[steps.length - 1]) {
      if (a < step.aStart) return { b: step.bStart, hold: false, rate: 1 };
      if (step.bIndex == null) return { b: step.bStart, hold: true, rate: 1 };
      const span = step.aEnd - step.aStart;
      const rate = span > 0 ? (step.bEnd - step.bStart) / span : 1;
      return { b: Math.min(step.bEnd, step.bStart + (a - step.aStart) * rate), hold: false, rate };
    }
  }
  const last = steps[steps.length - 1];
  return { b: last.bEnd, hold: true, rate: 1 };
}

/** Where A should be when B is at `b` (for a click on B's lane). */
export function mapBToA(steps: AlignmentStep[], b: number): number {
  for (const step of steps) {
    if (step.bIndex == null) continue;
    if (b < step.bEnd || step === steps[steps.length - 1]) {
      if (step.aIndex == null) return step.aStart;
      const span = step.bEnd - step.bStart;
      return span > 0 ? step.aStart + ((Math.max(b, step.bStart) - step.bStart) * (step.aEnd - step.aStart)) / span : step.aStart;
    }
  }
  return steps.length ? steps[steps.length - 1].aEnd : b;
}

export function regionsToCsv(view: ClassifiedView, comparison: Comparison): string {
  const options = comparison.options;
  const header = ['index', 'kind', 'a_start', 'a_end', 'b_start', 'b_end', 'mean_distance', 'max_distance', ...options.map((o) => `${o}_distance`), 'label'];
  const rows = view.regions.map((r) => [
    r.index,
    r.kind,
    r.aStart.toFixed(3),
    r.aEnd.toFixed(3),
    r.bStart.toFixed(3),
    r.bEnd.toFixed(3),
    r.meanDistance?.toFixed(6) ?? '',
    r.maxDistance?.toFixed(6) ?? '',
    ...options.map((o) => r.optionDistances[o]?.toFixed(6) ?? ''),
    `"${r.label.replace(/"/g, '""')}"`,
  ]);
  return [`# threshold=${view.threshold}, mode=${comparison.mode}, a=${comparison.videoA.fileName}, b=${comparison.videoB.fileName}`, header.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

export function viewToJson(view: ClassifiedView, comparison: Comparison): string {
  return JSON.stringify(
    {
      comparisonId: comparison.id,
      videoA: comparison.videoA,
      videoB: comparison.videoB,
      mode: comparison.mode,
      threshold: view.threshold,
      reclassifiedInBrowser: true,
      statistics: view.statistics,
      regions: view.regions.map(({ index: _index, ...rest }) => rest),
    },
    null,
    2,
  );
}
