import { formatBytes, formatDuration, formatEta, formatPercent, formatRate } from '../format';
import { cancel, pause, resume, type UploadItem } from '../uploads';
import { Thumbnail } from './Thumbnail';

/** A video on its way up: browser thumbnail, byte progress, speed, time left, pause/resume/cancel. */
export function UploadCard({ item }: { item: UploadItem }) {
  const fraction = item.size > 0 ? item.bytesSent / item.size : 0;
  const active = item.state === 'uploading' || item.state === 'preparing';
  return (
    <article className="card" aria-label={`Uploading ${item.name}`} data-testid="upload-card" data-state={item.state}>
      <Thumbnail src={item.thumbnail} alt={`Preview of ${item.name}`} />
      <div className="card-body">
        <h3 className="card-title" title={item.name}>
          {item.name}
        </h3>
        <p className="meta">
          {formatDuration(item.duration)} · {formatBytes(item.size)}
        </p>
        <div className="status-line">
          <span className={`badge badge-${item.state === 'error' ? 'failed' : 'uploading'}`}>
            {item.state === 'paused' ? 'Paused' : item.state === 'finishing' ? 'Finishing' : item.state === 'done' ? 'Uploaded' : item.state === 'error' ? 'Upload failed' : 'Uploading'}
          </span>
          <span className="percent" data-testid="upload-percent">
            {formatPercent(fraction)}
          </span>
        </div>
        <progress max={1} value={fraction} aria-label={`Upload progress of ${item.name}`} />
        <p className="meta small" aria-live="polite">
          {formatBytes(item.bytesSent)} of {formatBytes(item.size)}
          {item.state === 'uploading' && item.speed != null && item.speed > 0 && (
            <>
              {' '}
              · {formatRate(item.speed)} · {formatEta(item.eta)} left
            </>
          )}
          {item.resumedFrom != null && item.resumedFrom > 0 && (
            <span data-testid="resumed-from" data-offset={item.resumedFrom}>
              {' '}
              · resumed at {formatBytes(item.resumedFrom)}
            </span>
          )}
        </p>
        {item.error && (
          <p className="error" role="alert">
            {item.error}
          </p>
        )}
        <div className="actions">
          {active && (
            <button type="button" onClick={() => pause(item.key)} aria-label={`Pause the upload of ${item.name}`}>
              Pause
            </button>
          )}
          {(item.state === 'paused' || item.state === 'error') && (
            <button type="button" onClick={() => resume(item.key)} aria-label={`Resume the upload of ${item.name}`}>
              {item.state === 'error' ? 'Retry' : 'Resume'}
            </button>
          )}
          {item.state !== 'done' && item.state !== 'finishing' && (
            <button type="button" className="danger-quiet" onClick={() => void cancel(item.key)} aria-label={`Cancel the upload of ${item.name}`}>
              Cancel
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
