// The library's live state: one GET /api/videos, then Server-Sent Events keep it current.
// No polling: EventSource reconnects by itself and replays what was missed (Last-Event-ID);
// the server sends `reset` when it cannot, and we refetch once.

import { api, ApiError, serverReachability } from './api';
import { checkSession } from './session';
import { Store } from './store';
import type { EmbeddingSummary, FingerprintSummary, Video } from './types';

export type Connection = 'connecting' | 'open' | 'down';

/** An upload the server reports over SSE (possibly from another window). */
export interface ServerUpload {
  id: string;
  videoId: string | null;
  fileName: string | null;
  offset: number;
  length: number | null;
  status: 'active' | 'completed' | 'failed';
  error: string | null;
}

export interface LiveState {
  videos: ReadonlyMap<string, Video>;
  loaded: boolean;
  loadError: string | null;
  connection: Connection;
  /** When the connection was lost; the banner waits a moment before it shows. */
  downSince: number | null;
  uploads: ReadonlyMap<string, ServerUpload>;
}

const initial: LiveState = {
  videos: new Map(),
  loaded: false,
  loadError: null,
  connection: 'connecting',
  downSince: null,
  uploads: new Map(),
};

export const live = new Store<LiveState>(initial);

type Handler = (data: unknown) => void;

let source: EventSource | null = null;
let lastEventId = '';
let reopenTimer: number | undefined;
let reopenDelay = 1000;
// While a snapshot is being fetched, events are held and applied on top of it, in order.
let pending: Array<() => void> | null = null;
let refreshing: Promise<void> | null = null;

function setVideo(video: Video): void {
  live.set((state) => ({ ...state, videos: new Map(state.videos).set(video.id, video) }));
}

function removeVideo(id: string): void {
  live.set((state) => {
    if (!state.videos.has(id)) return state;
    const videos = new Map(state.videos);
    videos.delete(id);
    return { ...state, videos };
  });
}

function setEmbedding(videoId: string, embedding: EmbeddingSummary | null): void {
  live.set((state) => {
    const video = state.videos.get(videoId);
    if (!video) return state;
    return { ...state, videos: new Map(state.videos).set(videoId, { ...video, embedding }) };
  });
}

function setFingerprint(videoId: string, fingerprint: FingerprintSummary | null): void {
  live.set((state) => {
    const video = state.videos.get(videoId);
    if (!video) return state;
    return { ...state, videos: new Map(state.videos).set(videoId, { ...video, fingerprint }) };
  });
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The tus helper's payload, read leniently: id/uploadId, fileName/filename, offset/uploadOffset, length/uploadLength. */
function readUpload(data: unknown, status: ServerUpload['status']): ServerUpload | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const id = text(d.uploadId) ?? text(d.id);
  if (!id) return null;
  return {
    id,
    videoId: text(d.videoId),
    fileName: text(d.fileName) ?? text(d.filename),
    offset: number(d.offset) ?? number(d.uploadOffset) ?? 0,
    length: number(d.length) ?? number(d.uploadLength) ?? number(d.size),
    status,
    error: text(d.error) ?? text(d.detail),
  };
}

function upload(status: ServerUpload['status'] | 'gone'): Handler {
  return (data) => {
    const parsed = readUpload(data, status === 'gone' ? 'failed' : status);
    if (!parsed) return;
    live.set((state) => {
      const uploads = new Map(state.uploads);
      if (status === 'active') {
        uploads.set(parsed.id, { ...uploads.get(parsed.id), ...parsed, fileName: parsed.fileName ?? uploads.get(parsed.id)?.fileName ?? null });
      } else {
        // Finished uploads become videos (video.created), failed ones show their reason in the upload panel.
        uploads.delete(parsed.id);
      }
      return { ...state, uploads };
    });
  };
}

const handlers: Record<string, Handler> = {
  'video.created': (data) => setVideo(data as Video),
  'video.updated': (data) => setVideo(data as Video),
  'video.deleted': (data) => removeVideo((data as { id: string }).id),
  'embedding.updated': (data) => {
    const d = data as { videoId: string; embedding: EmbeddingSummary | null };
    setEmbedding(d.videoId, d.embedding);
  },
  'fingerprint.updated': (data) => {
    const d = data as { videoId: string; fingerprint: FingerprintSummary | null };
    setFingerprint(d.videoId, d.fingerprint);
  },
  'upload.created': upload('active'),
  'upload.progress': upload('active'),
  'upload.completed': upload('completed'),
  'upload.failed': upload('failed'),
  'upload.terminated': upload('gone'),
  reset: () => void refresh(),
};

/** Fetches the whole list; events that arrive meanwhile are applied after it, so the newest state wins. */
export function refresh(): Promise<void> {
  if (refreshing) return refreshing;
  pending = [];
  refreshing = (async () => {
    try {
      const videos = await api.listVideos();
      live.set((state) => ({ ...state, videos: new Map(videos.map((v) => [v.id, v])), loaded: true, loadError: null }));
    } catch (error) {
      live.set((state) => ({ ...state, loadError: error instanceof ApiError ? error.message : String(error) }));
    } finally {
      const held = pending ?? [];
      pending = null;
      refreshing = null;
      for (const apply of held) apply();
    }
  })();
  return refreshing;
}

function dispatch(type: string, event: MessageEvent<string>): void {
  if (event.lastEventId) lastEventId = event.lastEventId;
  let data: unknown = {};
  try {
    data = event.data ? JSON.parse(event.data) : {};
  } catch {
    return;
  }
  const apply = () => handlers[type]?.(data);
  if (pending && type !== 'reset') pending.push(apply);
  else apply();
}

function markDown(): void {
  live.set((state) => (state.connection === 'down' ? state : { ...state, connection: 'down', downSince: Date.now() }));
}

function open(): void {
  window.clearTimeout(reopenTimer);
  // A fresh EventSource cannot set Last-Event-ID itself; the server also reads it from the query.
  const url = lastEventId ? `/api/events?lastEventId=${encodeURIComponent(lastEventId)}` : '/api/events';
  const es = new EventSource(url);
  source = es;
  let firstOpen = !live.get().loaded;
  es.onopen = () => {
    reopenDelay = 1000;
    live.set((state) => ({ ...state, connection: 'open', downSince: null }));
    serverReachability.report(true);
    if (firstOpen || !live.get().loaded) void refresh();
    firstOpen = false;
  };
  es.onerror = () => {
    markDown();
    if (es.readyState === EventSource.CLOSED) {
      // The browser gave up (an error status: a proxy's, or 401 when the session ended, which the probe tells apart):
      // try again ourselves, backing off.
      void checkSession();
      es.close();
      source = null;
      reopenTimer = window.setTimeout(open, reopenDelay);
      reopenDelay = Math.min(reopenDelay * 2, 15000);
    }
  };
  for (const type of Object.keys(handlers)) {
    es.addEventListener(type, (event) => dispatch(type, event as MessageEvent<string>));
  }
}

let started = false;

function onReachability(reachable: boolean): void {
  if (!reachable) markDown();
}

/** Opens the event stream once for the whole app. */
export function startLive(): void {
  if (started) return;
  started = true;
  serverReachability.listeners.add(onReachability);
  open();
}

/** Applies an answer we already have (e.g. after DELETE) without waiting for its event. */
export const liveUpdates = { setVideo, removeVideo };

/** Closes the stream and forgets what it showed (after signing out, the next user's library is fetched anew). */
export function stopLive(): void {
  window.clearTimeout(reopenTimer);
  source?.close();
  source = null;
  lastEventId = '';
  reopenDelay = 1000;
  started = false;
  serverReachability.listeners.delete(onReachability);
  live.set(initial);
}
