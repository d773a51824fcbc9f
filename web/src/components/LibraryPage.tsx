import { useEffect, useMemo, useState } from 'react';
import { formatBytes, formatPercent } from '../format';
import { live } from '../live';
import { navigate } from '../router';
import { useStore } from '../store';
import { localThumbnails, uploads } from '../uploads';
import { UploadCard } from './UploadCard';
import { UploadDropZone } from './UploadDropZone';
import { isComparable, VideoCard } from './VideoCard';

export function LibraryPage({ setTitle }: { setTitle: (title: string) => void }) {
  useEffect(() => setTitle('Library'), [setTitle]);
  const { videos, loaded, uploads: serverUploads } = useStore(live);
  const items = useStore(uploads);
  const thumbnails = useStore(localThumbnails);
  const [picked, setPicked] = useState<string[]>([]);

  const list = useMemo(() => [...videos.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt)), [videos]);
  // An upload shows as a card until its video arrives over SSE.
  const inFlight = items.filter(
    (i) => ['preparing', 'uploading', 'paused', 'finishing', 'error', 'done'].includes(i.state) && !(i.videoId && videos.has(i.videoId)),
  );
  const localUrls = new Set(items.map((i) => i.uploadUrl?.split('/').pop()));
  const others = [...serverUploads.values()].filter((u) => !localUrls.has(u.id) && !(u.videoId && videos.has(u.videoId)));

  // Forget picks of deleted videos.
  useEffect(() => setPicked((p) => p.filter((id) => videos.has(id))), [videos]);

  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const [a, b] = picked.map((id) => videos.get(id));
  const ready = a && b && isComparable(a) && isComparable(b);

  return (
    <div className="page">
      <UploadDropZone />
      <section aria-labelledby="library-heading" className="library">
        <div className="section-head">
          <h1 id="library-heading">Library</h1>
          <span className="muted">{loaded ? `${list.length} video${list.length === 1 ? '' : 's'}` : 'Loading…'}</span>
        </div>
        {loaded && list.length === 0 && inFlight.length === 0 && others.length === 0 && (
          <p className="empty">No videos yet. Upload two versions of a video to see where they differ.</p>
        )}
        <div className="grid" role="list" aria-label="Videos">
          {inFlight.map((item) => (
            <div role="listitem" key={item.key}>
              <UploadCard item={item} />
            </div>
          ))}
          {others.map((u) => (
            <div role="listitem" key={u.id}>
              <article className="card" aria-label={`Uploading ${u.fileName ?? 'a video'}`}>
                <div className="thumb" />
                <div className="card-body">
                  <h3 className="card-title">{u.fileName ?? 'Video'}</h3>
                  <div className="status-line">
                    <span className="badge badge-uploading">Uploading elsewhere</span>
                    {u.length ? <span className="percent">{formatPercent(u.offset / u.length)}</span> : null}
                  </div>
                  <p className="meta small">
                    {formatBytes(u.offset)}
                    {u.length ? ` of ${formatBytes(u.length)}` : ''}
                  </p>
                </div>
              </article>
            </div>
          ))}
          {list.map((video) => (
            <div role="listitem" key={video.id}>
              <VideoCard
                video={video}
                localThumbnail={thumbnails.get(video.id)}
                selected={picked[0] === video.id ? 'A' : picked[1] === video.id ? 'B' : null}
                onToggleSelect={() => toggle(video.id)}
              />
            </div>
          ))}
        </div>
      </section>
      {picked.length > 0 && (
        <div className="compare-bar" role="region" aria-label="Comparison">
          <span>
            <strong>A</strong> {a?.fileName ?? '–'}
          </span>
          <span>
            <strong>B</strong> {b?.fileName ?? <span className="muted">pick one more video</span>}
          </span>
          {picked.length === 2 && (
            <button type="button" onClick={() => setPicked(([x, y]) => [y, x])} aria-label="Swap A and B">
              Swap
            </button>
          )}
          <span className="spacer" />
          {picked.length === 2 && !ready && <span className="muted small">Both videos must be ready.</span>}
          <button type="button" className="primary" disabled={!ready} onClick={() => navigate(`/compare/${picked[0]}/${picked[1]}`)}>
            Compare
          </button>
          <button type="button" className="link" onClick={() => setPicked([])}>
            Clear
          </button>
        </div>
      )}
    </div>
  );
}
