import { useState } from 'react';

/** A 16:9 picture, or a quiet placeholder when there is none (yet). */
export function Thumbnail({ src, alt }: { src: string | null | undefined; alt: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const usable = src && failed !== src;
  return (
    <div className="thumb">
      {usable ? (
        <img src={src} alt={alt} loading="lazy" onError={() => setFailed(src)} />
      ) : (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="thumb-placeholder">
          <rect x="3" y="5" width="18" height="14" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M10 9l5 3-5 3z" fill="currentColor" />
        </svg>
      )}
    </div>
  );
}
