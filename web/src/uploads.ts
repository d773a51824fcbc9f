// Resumable uploads over tus (tus-js-client). Each file gets a row with byte progress, speed,
// time left, pause/resume/cancel, and a thumbnail made in the browser. A page reload forgets
// the File objects, but tus-js-client keeps each unfinished upload's URL in localStorage under
// the file's fingerprint: choosing the same file again resumes from the server's offset.

import * as tus from 'tus-js-client';
import { apiFetch, csrfHeaders, messageFromBody, unauthorized, unreachableMessage } from './api';
import { live } from './live';
import { sessionEndedMessage } from './session';
import { Store } from './store';
import { makePreview } from './thumbnail';

export const uploadEndpoint = '/api/uploads/';
const defaultMaxBytes = 50 * 1024 ** 3;
// Five of the server's 10 MiB parts per PATCH. Chromium sends each PATCH as its own XHR, and each costs: 1 GiB took
// 4.98 s in 10 MiB PATCHes and 3.79 s in 50 MiB ones (a form POST from the same browser: 2.65 – 2.82 s; bench/tus/browser.sh).
// A dropped connection resends at most one chunk.
const defaultChunkBytes = 50 * 1024 * 1024;
// About six minutes of retries across a network drop or a server restart, then a Retry button.
const retryDelays = [0, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000, 30000, 60000, 60000, 60000];

export type UploadState =
  | 'preparing'
  | 'uploading'
  | 'paused'
  | 'finishing'
  | 'done'
  | 'error'
  | 'rejected'
  | 'interrupted';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  type: string;
  state: UploadState;
  bytesSent: number;
  /** Bytes per second over the last few seconds. */
  speed: number | null;
  /** Seconds left at the current speed. */
  eta: number | null;
  thumbnail: string | null;
  duration: number | null;
  error: string | null;
  videoId: string | null;
  /** The server's offset when this upload was resumed (after a reload or a drop). */
  resumedFrom: number | null;
  uploadUrl: string | null;
  /** For an upload left by an earlier page: its localStorage key. */
  urlStorageKey: string | null;
  /** Whether the last error was the network (then it restarts by itself when the server is back). */
  networkError: boolean;
}

interface Running {
  upload: tus.Upload;
  samples: Array<{ at: number; bytes: number }>;
  lastRender: number;
}

export const uploads = new Store<UploadItem[]>([]);
/** Browser-made thumbnails by video id, shown in the library until the server's own exists. */
export const localThumbnails = new Store<ReadonlyMap<string, string>>(new Map());

const running = new Map<string, Running>();
let nextKey = 1;
let maxBytesPromise: Promise<number> | null = null;

function update(key: string, change: Partial<UploadItem> | ((item: UploadItem) => Partial<UploadItem>)): void {
  uploads.set((items) =>
    items.map((item) => (item.key === key ? { ...item, ...(typeof change === 'function' ? change(item) : change) } : item)),
  );
}

function remove(key: string): void {
  running.delete(key);
  uploads.set((items) => items.filter((item) => item.key !== key));
}

/** Tus-Max-Size from the server's OPTIONS answer, or 50 GiB when it says nothing. */
export function maxUploadBytes(): Promise<number> {
  maxBytesPromise ??= apiFetch(uploadEndpoint, { method: 'OPTIONS', headers: { 'Tus-Resumable': '1.0.0' } })
    .then((response) => {
      const value = Number.parseInt(response.headers.get('Tus-Max-Size') ?? '', 10);
      return Number.isFinite(value) && value > 0 ? value : defaultMaxBytes;
    })
    .catch(() => {
      maxBytesPromise = null;
      return defaultMaxBytes;
    });
  return maxBytesPromise;
}

const videoExtensions = new Set(['mp4', 'm4v', 'mov', 'qt', 'mkv', 'webm', 'avi', 'mpg', 'mpeg', 'ts', 'm2ts', 'mts', 'flv', 'wmv', 'asf', '3gp', 'ogv']);

/** Why this file cannot be uploaded, or null. */
export function checkFile(file: File, maxBytes: number): string | null {
  const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  const generic = !file.type || file.type === 'application/octet-stream';
  const isVideo = file.type.startsWith('video/') || (generic && videoExtensions.has(extension));
  if (!isVideo) {
    return `“${file.name}” is not a video (${file.type || 'unknown type'}). Choose a video file such as MP4, MOV, MKV or WebM.`;
  }
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > maxBytes) {
    return `“${file.name}” is ${formatSize(file.size)}; the server accepts videos up to ${formatSize(maxBytes)}.`;
  }
  return null;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function chunkSize(): number {
  // A developer setting (also used by the browser tests): localStorage 'sage.upload.chunkSize' in bytes.
  const configured = Number.parseInt(window.localStorage.getItem('sage.upload.chunkSize') ?? '', 10);
  return Number.isFinite(configured) && configured >= 64 * 1024 ? configured : defaultChunkBytes;
}

/** The server's own words for a failed tus request: the body's problem+json detail, else its error header. */
function tusErrorMessage(error: Error): { message: string; network: boolean } {
  const detailed = error as tus.DetailedError;
  const response = detailed.originalResponse;
  if (!response || response.getStatus() === 0) {
    return { message: navigator.onLine ? unreachableMessage : 'The network connection is down. The upload continues when it is back.', network: true };
  }
  const status = response.getStatus();
  if (status === 401) return { message: sessionEndedMessage, network: false };
  const body = response.getBody?.() ?? '';
  const header = response.getHeader('Sage-Upload-Error');
  const fromBody = messageFromBody(body, status);
  const generic = fromBody.startsWith('The server answered');
  return { message: generic && header ? header : fromBody, network: status === 502 || status === 503 || status === 504 };
}

function shouldRetry(error: tus.DetailedError): boolean {
  const status = error.originalResponse?.getStatus() ?? 0;
  // Network errors too, whatever navigator.onLine says: a dropped server is not an offline browser.
  return status === 0 || status === 409 || status === 423 || status >= 500;
}

function sample(key: string, bytes: number): { speed: number | null; eta: number | null; render: boolean } {
  const state = running.get(key);
  const item = uploads.get().find((i) => i.key === key);
  if (!state || !item) return { speed: null, eta: null, render: true };
  const now = performance.now();
  state.samples.push({ at: now, bytes });
  while (state.samples.length > 2 && now - state.samples[0].at > 5000) state.samples.shift();
  const first = state.samples[0];
  const seconds = (now - first.at) / 1000;
  const speed = seconds >= 0.5 ? (bytes - first.bytes) / seconds : item.speed;
  const eta = speed && speed > 0 ? (item.size - bytes) / speed : null;
  const render = now - state.lastRender > 200 || bytes === item.size;
  if (render) state.lastRender = now;
  return { speed, eta, render };
}

/** What every tus request needs for the session: apiFetch's rules, in tus-js-client's hooks. */
const sessionOptions = {
  onBeforeRequest: (request: tus.HttpRequest) => {
    for (const [name, value] of Object.entries(csrfHeaders(request.getMethod()))) request.setHeader(name, value);
  },
  onAfterResponse: (_request: tus.HttpRequest, response: tus.HttpResponse) => {
    if (response.getStatus() === 401) unauthorized.report();
  },
} satisfies Partial<tus.UploadOptions>;

function begin(key: string, file: File): void {
  const options: tus.UploadOptions = {
    ...sessionOptions,
    endpoint: uploadEndpoint,
    chunkSize: chunkSize(),
    retryDelays,
    metadata: file.type ? { filename: file.name, filetype: file.type } : { filename: file.name },
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onShouldRetry: (error) => shouldRetry(error),
    onUploadUrlAvailable: () => update(key, { uploadUrl: upload.url }),
    onAfterResponse: (request, response) => {
      sessionOptions.onAfterResponse(request, response);
      if (request.getMethod() === 'HEAD') {
        const offset = Number.parseInt(response.getHeader('Upload-Offset') ?? '', 10);
        if (response.getStatus() < 300 && Number.isFinite(offset)) update(key, { resumedFrom: offset });
      }
      const videoId = response.getHeader('Sage-Video-Id');
      if (videoId) update(key, { videoId });
    },
    onProgress: (bytesSent, bytesTotal) => {
      const { speed, eta, render } = sample(key, bytesSent);
      if (!render) return;
      update(key, (item) => ({
        bytesSent,
        speed,
        eta,
        error: null,
        networkError: false,
        state: item.state === 'paused' ? 'paused' : bytesSent >= bytesTotal ? 'finishing' : 'uploading',
      }));
    },
    onSuccess: ({ lastResponse }) => {
      const videoId = lastResponse.getHeader('Sage-Video-Id') ?? uploads.get().find((i) => i.key === key)?.videoId ?? null;
      running.delete(key);
      update(key, (item) => {
        if (videoId && item.thumbnail) localThumbnails.set((map) => new Map(map).set(videoId, item.thumbnail!));
        return { state: 'done', bytesSent: item.size, eta: 0, videoId, error: null };
      });
    },
    onError: (error) => {
      const { message, network } = tusErrorMessage(error);
      update(key, { state: 'error', error: message, networkError: network, speed: null, eta: null });
    },
  };
  const upload = new tus.Upload(file, options);
  running.set(key, { upload, samples: [], lastRender: 0 });
  void upload.findPreviousUploads().then((previous) => {
    if (!running.has(key)) return;
    const newest = [...previous].sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (newest) {
      upload.resumeFromPreviousUpload(newest);
      // Its row from the earlier page is now this one.
      uploads.set((items) => items.filter((i) => i.urlStorageKey !== newest.urlStorageKey || i.state !== 'interrupted'));
    }
    update(key, { state: 'uploading' });
    upload.start();
  });
}

/** Checks each file, then starts its upload; refused files get a row with the reason. */
export async function addFiles(files: Iterable<File>): Promise<void> {
  const maxBytes = await maxUploadBytes();
  for (const file of files) {
    const key = `u${nextKey++}`;
    const problem = checkFile(file, maxBytes);
    const duplicate = uploads
      .get()
      .some((i) => i.name === file.name && i.size === file.size && ['preparing', 'uploading', 'paused', 'finishing'].includes(i.state));
    const item: UploadItem = {
      key,
      name: file.name,
      size: file.size,
      type: file.type,
      state: problem || duplicate ? 'rejected' : 'preparing',
      bytesSent: 0,
      speed: null,
      eta: null,
      thumbnail: null,
      duration: null,
      error: problem ?? (duplicate ? `“${file.name}” is already uploading.` : null),
      videoId: null,
      resumedFrom: null,
      uploadUrl: null,
      urlStorageKey: null,
      networkError: false,
    };
    uploads.set((items) => [...items, item]);
    if (item.state === 'rejected') continue;
    void makePreview(file).then((preview) => {
      update(key, { thumbnail: preview.thumbnail, duration: preview.duration });
      const videoId = uploads.get().find((i) => i.key === key)?.videoId;
      if (videoId && preview.thumbnail) localThumbnails.set((map) => new Map(map).set(videoId, preview.thumbnail!));
    });
    begin(key, file);
  }
}

export function pause(key: string): void {
  const state = running.get(key);
  if (!state) return;
  state.samples = [];
  update(key, { state: 'paused', speed: null, eta: null });
  void state.upload.abort(false);
}

export function resume(key: string): void {
  const state = running.get(key);
  if (!state) return;
  state.samples = [];
  update(key, { state: 'uploading', error: null, networkError: false });
  state.upload.start();
}

/** Stops the upload and deletes what the server holds of it (tus termination). */
export async function cancel(key: string): Promise<void> {
  const item = uploads.get().find((i) => i.key === key);
  const state = running.get(key);
  remove(key);
  if (state) {
    await state.upload.abort(true).catch(() => undefined);
  } else if (item?.uploadUrl) {
    await tus.Upload.terminate(item.uploadUrl, sessionOptions).catch(() => undefined);
    if (item.urlStorageKey) await tus.defaultOptions.urlStorage.removeUpload(item.urlStorageKey);
  }
}

export function dismiss(key: string): void {
  remove(key);
}

export function clearFinished(): void {
  uploads.set((items) => items.filter((i) => i.state !== 'rejected'));
}

/** Rows for uploads an earlier page left unfinished, with the server's offset for each. */
async function restoreInterrupted(): Promise<void> {
  let entries: tus.PreviousUpload[];
  try {
    entries = await tus.defaultOptions.urlStorage.findAllUploads();
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.uploadUrl || !entry.urlStorageKey.includes(uploadEndpoint)) continue;
    let offset = 0;
    try {
      const response = await apiFetch(entry.uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
      if (response.status === 404 || response.status === 410) {
        await tus.defaultOptions.urlStorage.removeUpload(entry.urlStorageKey);
        continue;
      }
      offset = Number.parseInt(response.headers.get('Upload-Offset') ?? '0', 10) || 0;
    } catch {
      // The server is down: still list it; it can resume later.
    }
    const metadata = entry.metadata ?? {};
    const size = typeof entry.size === 'number' ? entry.size : 0;
    uploads.set((items) => [
      ...items,
      {
        key: `u${nextKey++}`,
        name: metadata.filename ?? 'video',
        size,
        type: metadata.filetype ?? '',
        state: 'interrupted',
        bytesSent: offset,
        speed: null,
        eta: null,
        thumbnail: null,
        duration: null,
        error: null,
        videoId: null,
        resumedFrom: null,
        uploadUrl: entry.uploadUrl,
        urlStorageKey: entry.urlStorageKey,
        networkError: false,
      },
    ]);
  }
}

let started = false;

export function startUploads(): void {
  if (started) return;
  started = true;
  void restoreInterrupted();
  // After a network drop outlasted the retries: go on by ourselves once the server answers again.
  const restartNetworkFailures = () => {
    for (const item of uploads.get()) {
      if (item.state === 'error' && item.networkError) resume(item.key);
    }
  };
  window.addEventListener('online', restartNetworkFailures);
  let previous = live.get().connection;
  live.subscribe(() => {
    const { connection, videos } = live.get();
    // A finished upload's card gives way to its video's card.
    if (uploads.get().some((i) => i.state === 'done' && i.videoId && videos.has(i.videoId))) {
      uploads.set((items) => items.filter((i) => !(i.state === 'done' && i.videoId && videos.has(i.videoId))));
    }
    if (connection === 'open' && previous !== 'open') restartNetworkFailures();
    previous = connection;
  });
}
