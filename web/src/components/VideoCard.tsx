import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { formatBytes, formatDuration, formatPercent } from '../format';
import { liveUpdates } from '../live';
import type { Video } from '../types';
import { Thumbnail } from './Thumbnail';

export interface VideoStatusView {
  tone: 'processing' | 'ready' | 'failed' | 'cancelled' | 'queued';
  text: string;
  progress: number | null;
  reason: string | null;
}

/** One status for the card, from the video's and its embedding's states. */
export function videoStatus(video: Video): VideoStatusView {
  if (video.status === 'failed') return { tone: 'failed', text: 'Failed', progress: null, reason: video.error ?? 'The video could not be read.' };
  const e = video.embedding;
  if (!e) return { tone: 'processing', text: video.status === 'ready' ? 'Waiting to process' : 'Reading the video', progress: null, reason: null };
  switch (e.status) {
    case 'pending':
      return { tone: 'queued', text: 'Queued', progress: null, reason: null };
    case 'processing':
      return { tone: 'processing', text: 'Processing', progress: e.progress, reason: null };
    case 'ready':
      return { tone: 'ready', text: 'Ready', progress: null, reason: null };
    case 'failed':
      return { tone: 'failed', text: 'Failed', progress: null, reason: e.error ?? 'Processing failed.' };
    case 'cancelled':
      return { tone: 'cancelled', text: 'Cancelled', progress: null, reason: null };
  }
}

export function isComparable(video: Video): boolean {
  return video.status !== 'failed' && video.embedding?.status === 'ready';
}

interface Props {
  video: Video;
  localThumbnail: string | undefined;
  selected: 'A' | 'B' | null;
  onToggleSelect: () => void;
}

export function VideoCard({ video, localThumbnail, selected, onToggleSelect }: Props) {
  const status = videoStatus(video);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const active = video.embedding?.status === 'pending' || video.embedding?.status === 'processing';
  const probe = video.probe;

  useEffect(() => {
    if (!confirmDelete) return;
    const timer = window.setTimeout(() => setConfirmDelete(false), 5000);
    return () => window.clearTimeout(timer);
  }, [confirmDelete]);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article
      className={`card${selected ? ' selected' : ''}`}
      aria-label={video.fileName}
      data-testid="video-card"
      data-video-id={video.id}
      data-status={status.tone}
    >
      <Thumbnail src={video.thumbnailUrl ?? localThumbnail} alt={`Thumbnail of ${video.fileName}`} />
      {selected && (
        <span className="pick-badge" aria-hidden="true">
          {selected}
        </span>
      )}
      <div className="card-body">
        <h3 className="card-title" title={video.fileName}>
          {video.fileName}
        </h3>
        <p className="meta">
          {formatDuration(probe?.durationSeconds)} · {formatBytes(video.size)}
          {probe?.width && probe?.height ? ` · ${probe.width}×${probe.height}` : ''}
        </p>
        <div className="status-line">
          <span className={`badge badge-${status.tone}`} data-testid="video-status">
            {status.text}
          </span>
          {status.progress != null && <span className="percent">{formatPercent(status.progress)}</span>}
          {video.embedding?.engine && status.tone === 'ready' && <span className="muted small">{video.embedding.engine}</span>}
        </div>
        {status.progress != null && <progress max={1} value={status.progress} aria-label={`Processing progress of ${video.fileName}`} />}
        {video.fingerprint && video.fingerprint.status !== 'ready' && (
          <p className="muted small" data-testid="fingerprint-status" title={video.fingerprint.error ?? undefined}>
            Frame fingerprint: {video.fingerprint.status}
            {video.fingerprint.status === 'processing' ? ` ${formatPercent(video.fingerprint.progress)}` : ''}
            {video.fingerprint.status === 'failed' ? ' (comparisons with this video have clip precision)' : ''}
          </p>
        )}
        {status.reason && (
          <p className="error small" data-testid="video-error">
            {status.reason}
          </p>
        )}
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <label className="check">
            <input type="checkbox" checked={selected != null} onChange={onToggleSelect} disabled={video.status === 'failed'} />
            <span>Compare</span>
            <span className="visually-hidden"> {video.fileName}</span>
          </label>
          <span className="spacer" />
          {active && (
            <button type="button" disabled={busy} onClick={() => void run(() => api.cancelEmbedding(video.id))} aria-label={`Cancel processing of ${video.fileName}`}>
              Cancel
            </button>
          )}
          {!active && video.status !== 'failed' && (
            <button type="button" disabled={busy} onClick={() => void run(() => api.rerunEmbedding(video.id))} aria-label={`Process ${video.fileName} again`}>
              Re-run
            </button>
          )}
          <button
            type="button"
            className={confirmDelete ? 'danger' : 'danger-quiet'}
            disabled={busy}
            aria-label={confirmDelete ? `Confirm: delete ${video.fileName}` : `Delete ${video.fileName}`}
            onClick={() =>
              confirmDelete
                ? void run(async () => {
                    await api.deleteVideo(video.id);
                    liveUpdates.removeVideo(video.id);
                  })
                : setConfirmDelete(true)
            }
          >
            {confirmDelete ? 'Really delete?' : 'Delete'}
          </button>
        </div>
      </div>
    </article>
  );
}
