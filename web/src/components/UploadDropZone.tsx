import { useRef, useState } from 'react';
import { formatBytes, formatPercent } from '../format';
import { useStore } from '../store';
import { addFiles, cancel, clearFinished, dismiss, uploads } from '../uploads';

/** Drag-and-drop or a file picker for several videos; refused files and uploads left by an earlier page are listed here. */
export function UploadDropZone() {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const items = useStore(uploads);
  const notices = items.filter((i) => i.state === 'rejected' || i.state === 'interrupted');
  const finished = items.filter((i) => i.state === 'rejected').length > 1;

  const take = (files: FileList | null) => {
    if (files && files.length > 0) void addFiles(Array.from(files));
  };

  return (
    <section className="upload" aria-labelledby="upload-heading">
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragEnter={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer.files);
        }}
      >
        <h2 id="upload-heading">Upload videos</h2>
        <p className="muted">Drop video files here, or</p>
        <button type="button" className="primary" onClick={() => input.current?.click()}>
          Choose videos…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept="video/*,.mkv,.mov,.mp4,.webm,.avi,.ts,.m2ts,.mts,.flv"
          className="visually-hidden"
          aria-label="Choose videos to upload"
          data-testid="file-input"
          onChange={(e) => {
            take(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        <p className="muted small">Uploads resume after a network drop or a page reload (choose the same file again).</p>
      </div>
      {(notices.length > 0 || finished) && (
        <ul className="notices" aria-label="Upload messages">
          {notices.map((item) =>
            item.state === 'rejected' ? (
              <li key={item.key} className="notice notice-error" role="alert">
                <span>{item.error}</span>
                <button type="button" className="link" onClick={() => dismiss(item.key)} aria-label={`Dismiss the message about ${item.name}`}>
                  Dismiss
                </button>
              </li>
            ) : (
              <li key={item.key} className="notice" data-testid="interrupted-upload">
                <span>
                  Upload of <strong>{item.name}</strong> was interrupted at {item.size ? formatPercent(item.bytesSent / item.size) : formatBytes(item.bytesSent)}.
                  Choose the same file again to resume it.
                </span>
                <span className="notice-actions">
                  <button type="button" onClick={() => input.current?.click()} aria-label={`Choose ${item.name} again to resume`}>
                    Choose file…
                  </button>
                  <button type="button" className="link" onClick={() => void cancel(item.key)} aria-label={`Discard the interrupted upload of ${item.name}`}>
                    Discard
                  </button>
                </span>
              </li>
            ),
          )}
          {finished && (
            <li className="notice-actions-row">
              <button type="button" className="link" onClick={clearFinished}>
                Dismiss all
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
