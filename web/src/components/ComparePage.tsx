import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { differencesOf, regionAt, stepIndexFor, type ViewRegion } from '../comparison';
import { formatDuration, formatTime, formatTimecode } from '../format';
import { live } from '../live';
import { linkClick } from '../router';
import { useStore } from '../store';
import { PlayerSync } from '../sync';
import type { Comparison, ComparisonMode, Video } from '../types';
import { Timeline } from './Timeline';
import { isComparable, videoStatus } from './VideoCard';

interface Props {
  a: string;
  b: string;
  setTitle: (title: string) => void;
}

const kindText: Record<string, string> = { changed: 'Changed', inserted: 'Inserted', removed: 'Removed', moved: 'Moved', same: 'Same' };

/** Wait this long after the slider stops before asking the server again. */
const thresholdDebounceMs = 250;

/** One cached result per mode and requested threshold ("default" for the server's own). */
const resultKey = (mode: ComparisonMode, threshold: number | null) => `${mode}:${threshold == null ? 'default' : threshold.toFixed(6)}`;

/** A video from the live list, else fetched once (a deep link may come before the list). */
function useVideo(id: string): { video: Video | null; error: string | null } {
  const { videos, loaded } = useStore(live);
  const known = videos.get(id) ?? null;
  const [fetched, setFetched] = useState<Video | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (known || !loaded) return;
    const controller = new AbortController();
    api
      .getVideo(id, controller.signal)
      .then(setFetched)
      .catch((e) => {
        if (!(e instanceof DOMException)) setError(e instanceof ApiError ? e.message : String(e));
      });
    return () => controller.abort();
  }, [id, known, loaded]);
  return { video: known ?? fetched, error: known ? null : error };
}

export function ComparePage({ a, b, setTitle }: Props) {
  const first = useVideo(a);
  const second = useVideo(b);
  const videoA = first.video;
  const videoB = second.video;
  const bothReady = !!videoA && !!videoB && isComparable(videoA) && isComparable(videoB);

  const [mode, setMode] = useState<ComparisonMode>('aligned');
  const [results, setResults] = useState<Record<string, Comparison>>({});
  const [loadingKey, setLoadingKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The slider's value (null: the server's default) and the one last asked of the server, after the debounce.
  const [threshold, setThreshold] = useState<number | null>(null);
  const [requested, setRequested] = useState<number | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setRequested(threshold), thresholdDebounceMs);
    return () => window.clearTimeout(timer);
  }, [threshold]);
  const key = resultKey(mode, requested);
  const fallback = results[resultKey(mode, null)] ?? null;
  // While a new threshold is being compared, the last result stays on screen.
  const [shown, setShown] = useState<Comparison | null>(null);
  const comparison = results[key] ?? (shown?.mode === mode ? shown : null) ?? fallback;
  useEffect(() => {
    if (results[key]) setShown(results[key]);
  }, [results, key]);

  useEffect(() => {
    setTitle(videoA && videoB ? `${videoA.fileName} vs ${videoB.fileName}` : 'Compare');
  }, [videoA, videoB, setTitle]);

  // One request per mode and threshold, made when both videos are ready (SSE tells us when). The server classifies:
  // with frame precision the regions come from the frames, which the browser does not have.
  useEffect(() => {
    if (!bothReady || results[key]) return;
    const controller = new AbortController();
    setLoadingKey(key);
    setError(null);
    api
      .compare(a, b, mode, requested, controller.signal)
      .then((result) => setResults((r) => ({ ...r, [key]: result })))
      .catch((e) => {
        if (!(e instanceof DOMException)) setError(e instanceof ApiError ? e.message : String(e));
      })
      .finally(() => setLoadingKey((k) => (k === key ? null : k)));
    return () => controller.abort();
  }, [a, b, mode, requested, key, bothReady, results]);

  const defaultThreshold = fallback?.threshold ?? comparison?.threshold ?? 0.1;
  const effectiveThreshold = threshold ?? defaultThreshold;
  const loading = loadingKey === key;
  const maxDistance = useMemo(() => {
    const distances = fallback?.steps.map((s) => s.distance ?? 0) ?? [];
    return Math.max(0.05, fallback?.threshold ?? 0, ...distances);
  }, [fallback]);
  const sliderMax = Math.ceil(maxDistance * 1.1 * 1000) / 1000;
  const sliderStep = Math.max(0.0005, Math.round((sliderMax / 400) * 10000) / 10000);

  const sync = useMemo(() => new PlayerSync(), []);
  const playerA = useRef<HTMLVideoElement>(null);
  const playerB = useRef<HTMLVideoElement>(null);
  const [hear, setHear] = useState<'a' | 'b'>('a');
  const clock = useStore(sync.clock);

  useEffect(() => {
    if (playerA.current && playerB.current) sync.attach(playerA.current, playerB.current);
    return () => sync.dispose();
  }, [sync, videoA?.id, videoB?.id]);
  useEffect(() => sync.setSteps(comparison?.steps ?? []), [sync, comparison]);

  const differences = useMemo(() => (comparison ? differencesOf(comparison) : []), [comparison]);
  const steps = comparison?.steps ?? [];
  const currentStep = clock.step;
  const inOnlyB = steps[currentStep]?.aIndex == null && steps.length > 0;
  const current = regionAt(differences, clock.a, clock.b, inOnlyB)?.index ?? null;
  const [selected, setSelected] = useState<number | null>(null);

  // A moved region is one stretch in two places: going to it puts A at its place in A and B at its place in B.
  const go = useCallback(
    (region: ViewRegion) => {
      setSelected(region.index);
      sync.seekStep(stepIndexFor(comparison?.steps ?? [], region), region.aStart, region.bStart);
    },
    [sync, comparison],
  );

  const stepRegion = useCallback(
    (direction: 1 | -1) => {
      if (differences.length === 0) return;
      const at = selected ?? current;
      const position = at == null ? -1 : differences.findIndex((r) => r.index === at);
      let next: ViewRegion | undefined;
      if (position >= 0) next = differences[Math.max(0, Math.min(differences.length - 1, position + direction))];
      else next = direction > 0 ? differences.find((r) => r.aStart > clock.a) ?? differences[0] : [...differences].reverse().find((r) => r.aStart < clock.a) ?? differences[0];
      if (next) go(next);
    },
    [differences, selected, current, clock.a, go],
  );

  // Space plays or pauses, N/P step through the differences, wherever the focus is but in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.altKey || e.ctrlKey || e.metaKey || target.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (e.key === ' ' && !target.closest('button, a, [role="button"]')) {
        e.preventDefault();
        sync.toggle();
      } else if (e.key === 'n' || e.key === 'N') {
        stepRegion(1);
      } else if (e.key === 'p' || e.key === 'P') {
        stepRegion(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sync, stepRegion]);

  const loadError = first.error || second.error;
  const durationA = comparison?.videoA.duration || videoA?.probe?.durationSeconds || 0;
  const durationB = comparison?.videoB.duration || videoB?.probe?.durationSeconds || 0;

  return (
    <div className="page compare">
      <div className="compare-head">
        <h1>
          <span className="tag tag-a">A</span> {videoA?.fileName ?? '…'} <span className="muted">vs</span> <span className="tag tag-b">B</span>{' '}
          {videoB?.fileName ?? '…'}
        </h1>
        {comparison && (
          <p className="similarity" data-testid="similarity">
            <strong>{comparison.statistics.similarityPercent.toFixed(1)} %</strong> similar
            <span className={`precision precision-${comparison.precision}`} data-testid="precision" title={comparison.precision === 'frame' ? 'Boundaries to the frame (both videos have a fingerprint)' : 'Boundaries on the clip grid (a fingerprint is missing)'}>
              {comparison.precision === 'frame' ? 'frame-accurate' : 'clip precision'}
            </span>
          </p>
        )}
      </div>

      {loadError && (
        <p className="banner banner-error" role="alert">
          {loadError}{' '}
          <a href="/" onClick={linkClick}>
            Back to the library
          </a>
        </p>
      )}

      <div className="players">
        {[
          { key: 'a' as const, video: videoA, ref: playerA },
          { key: 'b' as const, video: videoB, ref: playerB },
        ].map(({ key, video, ref }) => (
          <figure className="player" key={key}>
            <video
              ref={ref}
              src={video?.contentUrl}
              preload="auto"
              playsInline
              muted={hear !== key}
              aria-label={`Video ${key.toUpperCase()}: ${video?.fileName ?? ''}`}
              data-testid={`player-${key}`}
              onClick={() => sync.toggle()}
            />
            <figcaption>
              <span className={`tag tag-${key}`}>{key.toUpperCase()}</span>
              <span className="player-name" title={video?.fileName}>
                {video?.fileName ?? 'Loading…'}
              </span>
              <span className="muted">
                {formatTime(key === 'a' ? clock.a : clock.b)} / {formatDuration(key === 'a' ? durationA : durationB)}
              </span>
            </figcaption>
          </figure>
        ))}
      </div>

      <div className="transport" role="toolbar" aria-label="Playback">
        <button type="button" className="primary" onClick={() => sync.toggle()} aria-label={clock.playing ? 'Pause both videos' : 'Play both videos'}>
          {clock.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => stepRegion(-1)} disabled={differences.length === 0} aria-label="Previous difference (P)">
          ← Previous
        </button>
        <button type="button" onClick={() => stepRegion(1)} disabled={differences.length === 0} aria-label="Next difference (N)">
          Next →
        </button>
        <fieldset className="segmented" aria-label="Sound from">
          <legend className="visually-hidden">Sound from</legend>
          {(['a', 'b'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="hear" value={k} checked={hear === k} onChange={() => setHear(k)} />
              <span>Sound {k.toUpperCase()}</span>
            </label>
          ))}
        </fieldset>
        <span className="spacer" />
        <span className={`sync ${Math.abs(clock.drift) <= 0.1 ? 'ok' : 'off'}`} data-testid="sync" data-drift={clock.drift.toFixed(3)} title="How far B is from where the alignment puts it">
          {Math.abs(clock.drift) <= 0.1 ? 'In step' : `B off by ${clock.drift.toFixed(2)} s`}
        </span>
      </div>

      {!bothReady && videoA && videoB && (
        <p className="notice" role="status">
          Waiting for both videos to be ready: A is {videoStatus(videoA).text.toLowerCase()}, B is {videoStatus(videoB).text.toLowerCase()}. This page
          updates by itself.
        </p>
      )}
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {loading && !comparison && (
        <p className="muted" role="status">
          Comparing…
        </p>
      )}

      {comparison && (
        <>
          <Timeline regions={differences} durationA={durationA} durationB={durationB} current={current} selected={selected} sync={sync} onGo={go} onStep={stepRegion} />
          <div className="legend" aria-hidden="true">
            <span className="key key-changed" /> changed <span className="key key-inserted" /> only in B (inserted) <span className="key key-removed" /> only in A (removed){' '}
            <span className="key key-moved" /> moved (the same content in both, elsewhere)
          </div>

          <div className="controls">
            {comparison.precision === 'frame' && comparison.noiseFloor ? (
              <div className="control threshold noise-floor" data-testid="noise-floor">
                <span className="label">Noise floor</span>
                <output>
                  picture {comparison.noiseFloor.picture.toFixed(0)} levels
                  {comparison.noiseFloor.sound != null ? `, sound ${comparison.noiseFloor.sound.toFixed(1)} dB` : ''}
                </output>
                <p className="muted small">
                  Frame-accurate: every frame and sound frame is measured against this pair&apos;s own noise floor, so a re-encode, a
                  resize or another frame rate stays below it. The threshold applies to clip precision (the original pairing).
                </p>
              </div>
            ) : (
              <div className="control threshold">
                <label htmlFor="threshold">Threshold</label>
                <input
                  id="threshold"
                  type="range"
                  min={sliderStep}
                  max={sliderMax}
                  step={sliderStep}
                  value={effectiveThreshold}
                  onChange={(e) => setThreshold(Number(e.currentTarget.value))}
                  aria-describedby="threshold-help"
                  data-testid="threshold"
                />
                <output htmlFor="threshold" data-testid="threshold-value">
                  {effectiveThreshold.toFixed(4)}
                </output>
                <button
                  type="button"
                  className="link"
                  onClick={() => setThreshold(null)}
                  disabled={threshold == null}
                >
                  Reset to {fallback?.thresholdWasAutomatic ?? comparison.thresholdWasAutomatic ? 'automatic' : 'server'} ({defaultThreshold.toFixed(4)})
                </button>
                <p id="threshold-help" className="muted small">
                  A clip pair differs when its distance is above the threshold. The server compares again when you move it{loading ? ' (comparing…)' : ''}.
                </p>
              </div>
            )}
            <fieldset className="control segmented" aria-describedby="mode-help">
              <legend>Pairing</legend>
              <label>
                <input type="radio" name="mode" value="aligned" checked={mode === 'aligned'} onChange={() => setMode('aligned')} />
                <span>Aligned</span>
              </label>
              <label>
                <input type="radio" name="mode" value="index" checked={mode === 'index'} onChange={() => setMode('index')} />
                <span>Original (clip by clip)</span>
              </label>
              <p id="mode-help" className="muted small">
                {loading ? 'Comparing…' : mode === 'aligned' ? 'Follows cuts, insertions and moves.' : 'Pairs clip i with clip i, like the original SAGE.'}
              </p>
            </fieldset>
            <div className="control export">
              <span className="label">Export</span>
              <div>
                <span className="muted small">This comparison (threshold {comparison.threshold.toFixed(4)}):</span>{' '}
                <a href={`/api/comparisons/${comparison.id}?format=csv`} download>
                  CSV
                </a>{' '}
                <a href={`/api/comparisons/${comparison.id}`} download={`sage-${comparison.id}-server.json`}>
                  JSON
                </a>
              </div>
            </div>
          </div>

          <div className="results">
            <section aria-labelledby="regions-heading" className="regions">
              <h2 id="regions-heading">
                Differences{' '}
                <span className="count" data-testid="region-count" data-threshold={comparison.threshold} data-wanted={effectiveThreshold} aria-busy={loading}>
                  {differences.length}
                </span>
              </h2>
              {differences.length === 0 ? (
                <p className="muted">No differences at this threshold.</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col">In A</th>
                      <th scope="col">In B</th>
                      <th scope="col">What differs</th>
                      <th scope="col">Distance</th>
                      {comparison.precision === 'frame' && <th scope="col">Difference</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {differences.map((r) => (
                      <tr
                        key={r.index}
                        className={[current === r.index ? 'current' : '', selected === r.index ? 'selected' : ''].join(' ').trim() || undefined}
                        aria-current={current === r.index ? 'true' : undefined}
                        data-testid="region-row"
                        data-region={r.index}
                        data-kind={r.kind}
                        onClick={() => go(r)}
                      >
                        <td>
                          <button type="button" className={`kind kind-${r.kind}`} onClick={(e) => (e.stopPropagation(), go(r))} aria-label={`Go to ${kindText[r.kind].toLowerCase()} region at A ${formatTime(r.aStart)}, B ${formatTime(r.bStart)}`}>
                            {kindText[r.kind]}
                          </button>
                          {r.isShort && (
                            <span className="badge short" title="Shorter than half a second: a flash frame or a glitch" data-testid="short">
                              short
                            </span>
                          )}
                        </td>
                        <td data-testid="place-a">
                          <Place point={r.kind === 'inserted'} start={r.aStart} end={r.aEnd} frames={r.aFrames} fps={comparison.frameRateA} />
                        </td>
                        <td data-testid="place-b">
                          <Place point={r.kind === 'removed'} start={r.bStart} end={r.bEnd} frames={r.bFrames} fps={comparison.frameRateB} />
                        </td>
                        <td>{whatDiffers(r)}</td>
                        <td className="num">
                          {r.meanDistance != null ? (
                            <span title={Object.entries(r.optionDistances).map(([o, d]) => `${o} ${d.toFixed(4)}`).join(', ')}>
                              {r.meanDistance.toFixed(4)} <span className="muted small">max {r.maxDistance?.toFixed(4)}</span>
                            </span>
                          ) : (
                            '–'
                          )}
                        </td>
                        {comparison.precision === 'frame' && (
                        <td>
                          {r.difference && (
                            <img
                              className="difference-image"
                              loading="lazy"
                              src={api.differenceImageUrl(comparison.id, r.index)}
                              alt={`A at ${formatTime(r.difference.peakA)}, B at ${formatTime(r.difference.peakB)} and their difference`}
                              data-testid="difference-image"
                            />
                          )}
                        </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section aria-labelledby="stats-heading" className="stats">
              <h2 id="stats-heading">Statistics</h2>
              <dl>
                <dt>Similarity</dt>
                <dd>{comparison.statistics.similarityPercent.toFixed(1)} %</dd>
                <dt>Changed</dt>
                <dd>{comparison.statistics.secondsChanged.toFixed(1)} s</dd>
                <dt>Inserted (only in B)</dt>
                <dd>{comparison.statistics.secondsInserted.toFixed(1)} s</dd>
                <dt>Removed (only in A)</dt>
                <dd>{comparison.statistics.secondsRemoved.toFixed(1)} s</dd>
                <dt>Moved</dt>
                <dd>{(comparison.statistics.secondsMoved ?? 0).toFixed(1)} s</dd>
                <dt>Clip pairs changed</dt>
                <dd>
                  {comparison.statistics.clipsChanged} of {comparison.statistics.clipsCompared}
                </dd>
                <dt>Precision</dt>
                <dd>
                  {comparison.precision === 'frame' ? 'Frame' : 'Clip'}
                  {comparison.frameRateA ? ` (A ${comparison.frameRateA} fps, B ${comparison.frameRateB ?? '–'} fps)` : ''}
                </dd>
                <dt>Engine</dt>
                <dd>
                  {comparison.engine ?? '–'}
                  {comparison.model ? ` (${comparison.model})` : ''}
                </dd>
                <dt>Compared</dt>
                <dd>{comparison.options.join(', ') || '–'}</dd>
              </dl>
            </section>
          </div>
        </>
      )}
    </div>
  );
}

/** Seconds, and with frame precision the frame numbers and the timecode, of one video's side of a region. */
function Place({ point, start, end, frames, fps }: { point: boolean; start: number; end: number; frames: { start: number; end: number } | null; fps: number | null }) {
  const time = point ? `at ${formatTime(start)}` : `${formatTime(start)}–${formatTime(end)}`;
  if (!frames) return <>{time}</>;
  return (
    <span title={`${formatTimecode(start, fps)} – ${formatTimecode(end, fps)}`}>
      {time}{' '}
      <span className="muted small frames" data-testid="frames">
        {point ? `frame ${frames.start}` : `frames ${frames.start}–${Math.max(frames.start, frames.end - 1)}`}
      </span>
    </span>
  );
}

/** The server's label; for other kinds, what the kind means. */
function whatDiffers(region: ViewRegion): string {
  switch (region.kind) {
    case 'changed':
      return region.label ?? 'Content';
    case 'moved':
      return 'The same content, elsewhere in B';
    case 'inserted':
      return 'Only in B';
    case 'removed':
      return 'Only in A';
    default:
      return 'Same';
  }
}
