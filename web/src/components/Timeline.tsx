import { useRef, useState } from 'react';
import type { ViewRegion } from '../comparison';
import { formatTime } from '../format';
import { useStore } from '../store';
import type { PlayerSync } from '../sync';

interface Props {
  regions: ViewRegion[];
  durationA: number;
  durationB: number;
  current: number | null;
  /** The region last gone to: highlighted in both lanes (a moved region's two places). */
  selected: number | null;
  sync: PlayerSync;
  onGo: (region: ViewRegion) => void;
  onStep: (direction: 1 | -1) => void;
}

const kindText: Record<string, string> = { changed: 'Changed', inserted: 'Inserted', removed: 'Removed', moved: 'Moved', same: 'Same' };

/** Two lanes on one time scale: A's regions along A's time, B's along B's; click to seek, N/P to step. */
export function Timeline({ regions, durationA, durationB, current, selected, sync, onGo, onStep }: Props) {
  // Pointing at a region in one lane lights up its place in the other (for a moved region, elsewhere).
  const [hovered, setHovered] = useState<number | null>(null);
  const scale = Math.max(durationA, durationB, 0.001);
  const pct = (t: number) => `${(100 * Math.max(0, t)) / scale}%`;
  const ticks = tickMarks(scale);

  return (
    <div
      className="timeline"
      tabIndex={0}
      role="group"
      aria-label="Timeline of differences. Press N or the right arrow for the next difference, P or the left arrow for the previous one."
      data-testid="timeline"
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'n' || e.key === 'N') {
          e.preventDefault();
          e.stopPropagation();
          onStep(1);
        } else if (e.key === 'ArrowLeft' || e.key === 'p' || e.key === 'P') {
          e.preventDefault();
          e.stopPropagation();
          onStep(-1);
        }
      }}
    >
      {(['a', 'b'] as const).map((lane) => {
        const duration = lane === 'a' ? durationA : durationB;
        return (
          <div className="lane" key={lane}>
            <span className="lane-label" aria-hidden="true">
              {lane.toUpperCase()}
            </span>
            <LaneTrack lane={lane} width={pct(duration)} duration={duration} scale={scale} sync={sync}>
              {regions.map((r) => {
                const start = lane === 'a' ? r.aStart : r.bStart;
                const end = lane === 'a' ? r.aEnd : r.bEnd;
                const point = end - start < 1e-6;
                return (
                  <button
                    type="button"
                    tabIndex={-1}
                    key={r.index}
                    className={`region region-${r.kind}${point ? ' point' : ''}${r.isShort ? ' short' : ''}${current === r.index ? ' current' : ''}${
                      selected === r.index || hovered === r.index ? ' linked' : ''
                    }`}
                    style={{ left: pct(start), width: point ? undefined : `calc(${pct(end - start)} - 1px)` }}
                    data-testid={`region-${lane}`}
                    data-region={r.index}
                    data-kind={r.kind}
                    data-a-start={r.aStart}
                    data-a-end={r.aEnd}
                    data-b-start={r.bStart}
                    data-b-end={r.bEnd}
                    data-short={r.isShort || undefined}
                    onMouseEnter={() => setHovered(r.index)}
                    onMouseLeave={() => setHovered((h) => (h === r.index ? null : h))}
                    title={`${kindText[r.kind]}: A ${formatTime(r.aStart)}–${formatTime(r.aEnd)}, B ${formatTime(r.bStart)}–${formatTime(r.bEnd)}${r.label ? ` · ${r.label}` : ''}${r.isShort ? ' · short' : ''}`}
                    aria-label={`${kindText[r.kind]} in ${lane.toUpperCase()}: A ${formatTime(r.aStart)} to ${formatTime(r.aEnd)}, B ${formatTime(r.bStart)} to ${formatTime(r.bEnd)}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onGo(r);
                    }}
                  />
                );
              })}
              <Playhead lane={lane} scale={scale} sync={sync} />
            </LaneTrack>
          </div>
        );
      })}
      <div className="axis" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t} style={{ left: pct(t) }}>
            {formatTime(t).replace(/\.0$/, '')}
          </span>
        ))}
      </div>
    </div>
  );
}

function LaneTrack({ lane, width, duration, scale, sync, children }: { lane: 'a' | 'b'; width: string; duration: number; scale: number; sync: PlayerSync; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={ref}
      className="track"
      data-testid={`lane-${lane}`}
      onClick={(e) => {
        const box = ref.current!.getBoundingClientRect();
        const t = Math.max(0, Math.min(duration, ((e.clientX - box.left) / box.width) * scale));
        if (lane === 'a') sync.seekA(t);
        else sync.seekB(t);
      }}
    >
      <div className="extent" style={{ width }} />
      {children}
    </div>
  );
}

function Playhead({ lane, scale, sync }: { lane: 'a' | 'b'; scale: number; sync: PlayerSync }) {
  const clock = useStore(sync.clock);
  const t = lane === 'a' ? clock.a : clock.b;
  return <span className="playhead" style={{ left: `${(100 * t) / scale}%` }} aria-hidden="true" />;
}

function tickMarks(scale: number): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
  const every = steps.find((s) => scale / s <= 10) ?? 7200;
  const ticks: number[] = [];
  for (let t = 0; t <= scale + 1e-6; t += every) ticks.push(t);
  return ticks;
}
