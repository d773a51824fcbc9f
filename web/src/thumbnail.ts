// A thumbnail made in the browser from the picked file, before its upload finishes: a hidden
// <video> seeks to 1 s (or the middle of shorter clips) and the frame is drawn to a <canvas>.

export interface LocalPreview {
  thumbnail: string | null;
  duration: number | null;
}

export function makePreview(file: File, timeoutMs = 15000): Promise<LocalPreview> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    let duration: number | null = null;
    let finished = false;
    const finish = (thumbnail: string | null) => {
      if (finished) return;
      finished = true;
      window.clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
      resolve({ thumbnail, duration });
    };
    const timer = window.setTimeout(() => finish(null), timeoutMs);
    video.muted = true;
    video.preload = 'auto';
    video.playsInline = true;
    video.addEventListener('loadedmetadata', () => {
      duration = Number.isFinite(video.duration) ? video.duration : null;
      video.currentTime = duration != null ? Math.min(1, duration / 2) : 1;
    });
    video.addEventListener('seeked', () => {
      try {
        const width = 320;
        const height = video.videoWidth > 0 ? Math.round((width * video.videoHeight) / video.videoWidth) : 180;
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d');
        if (!context || video.videoWidth === 0) return finish(null);
        context.drawImage(video, 0, 0, width, height);
        finish(canvas.toDataURL('image/jpeg', 0.8));
      } catch {
        finish(null);
      }
    });
    // A format this browser cannot decode still uploads; it just has no preview.
    video.addEventListener('error', () => finish(null));
    video.src = url;
  });
}
