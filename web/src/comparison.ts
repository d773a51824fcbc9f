// A comparison as the page shows it. The server owns every rule (classification at a threshold, labels, the CSV
// columns); the threshold slider asks the server again. Nothing here re-classifies.

import type { AlignmentStep, Comparison, Region } from './types';

/** A region with its place in `comparison.regions` (the index the difference image route takes). */
export interface ViewRegion extends Region {
  index: number;
}

/** The regions other than `same`: the ones the timeline and the list show. */
export function differencesOf(comparison: Comparison): ViewRegion[] {
  return comparison.regions.map((r, index) => ({ ...r, index })).filter((r) => r.kind !== 'same');
}

/** The clip step the players follow from when they go to a region (the path is the clips', also at frame precision). */
export function stepIndexFor(steps: AlignmentStep[], region: Region): number {
  const onlyB = region.kind === 'inserted';
  const index = steps.findIndex((s) => (onlyB ? s.bIndex != null && region.bStart < s.bEnd : s.aIndex != null && region.aStart < s.aEnd));
  return index < 0 ? Math.max(0, steps.length - 1) : index;
}

/** The region playing now: by A's time, or by B's inside an insertion (A waits at its point). */
export function regionAt(regions: ViewRegion[], a: number, b: number, inOnlyB: boolean): ViewRegion | null {
  return (
    regions.find((r) => (r.kind === 'inserted' ? inOnlyB && b >= r.bStart && b < r.bEnd : !inOnlyB && a >= r.aStart && a < r.aEnd)) ?? null
  );
}
