// Every request the UI makes goes through apiFetch, the one home of the session rules; errors come back as
// problem+json, and the message shown is the server's own `detail` (or `title`).

import type { Comparison, ComparisonMode, EngineChoice, EngineSetting, SessionInfo, TwelveLabsKeyStatus, Video } from './types';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }

  /** True when no answer came at all (network down, server stopped). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** Turns a failed answer into the sentence to show: problem+json detail, then title, then the body's text. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return new ApiError(response.status, messageFromBody(text, response.status, response.statusText));
}

export function messageFromBody(text: string, status: number, statusText = ''): string {
  if (text) {
    try {
      const body = JSON.parse(text) as { detail?: unknown; title?: unknown; message?: unknown };
      for (const value of [body.detail, body.title, body.message]) {
        if (typeof value === 'string' && value.trim()) return value;
      }
      if (typeof body.detail === 'object' && body.detail) return JSON.stringify(body.detail);
    } catch {
      // Not JSON: a short plain-text body is still the server's own words.
      const plain = text.trim();
      if (plain && plain.length < 500 && !plain.startsWith('<')) return plain;
    }
  }
  return `The server answered ${status}${statusText ? ` ${statusText}` : ''}.`;
}

export const unreachableMessage = 'The server cannot be reached. Check that SAGE is running; this page reconnects by itself.';

/**
 * The CSRF rule of Token mode (Auth/TokenAuthenticationHandler.cs): a request that the sign-in cookie carries and
 * that is not GET, HEAD or OPTIONS must send this header. Its value does not matter: a cross-site form cannot set a
 * header at all, and a cross-site fetch that does is refused by CORS before it is sent. In None mode it is ignored.
 */
export function csrfHeaders(method: string): Record<string, string> {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? {} : { 'X-Sage-Csrf': '1' };
}

/** Lets the session hear that the server no longer knows the caller (401), wherever the request came from. */
export const unauthorized = {
  listeners: new Set<() => void>(),
  report() {
    for (const listener of this.listeners) listener();
  },
};

/** fetch with the CSRF header on unsafe methods; reports a 401 to the session and 502/504 or no answer to the banner. */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(csrfHeaders(method))) headers.set(name, value);
  let response: Response;
  try {
    response = await fetch(url, { ...init, method, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    serverReachability.report(false);
    throw new ApiError(0, unreachableMessage);
  }
  serverReachability.report(response.status !== 502 && response.status !== 504);
  if (response.status === 401) unauthorized.report();
  return response;
}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(url, {
    method,
    signal,
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** Lets the connection banner hear about failed fetches as well as the event stream. */
export const serverReachability = {
  listeners: new Set<(reachable: boolean) => void>(),
  report(reachable: boolean) {
    for (const listener of this.listeners) listener(reachable);
  },
};

export const api = {
  getSession: () => request<SessionInfo>('GET', '/api/session'),
  signIn: (token: string) => request<SessionInfo>('POST', '/api/session', { token }),
  signOut: () => request<void>('DELETE', '/api/session'),
  listVideos: (signal?: AbortSignal) => request<Video[]>('GET', '/api/videos', undefined, signal),
  getVideo: (id: string, signal?: AbortSignal) => request<Video>('GET', `/api/videos/${id}`, undefined, signal),
  deleteVideo: (id: string) => request<void>('DELETE', `/api/videos/${id}`),
  cancelEmbedding: (id: string) => request<unknown>('POST', `/api/videos/${id}/embedding/cancel`),
  rerunEmbedding: (id: string, engine?: string) => request<unknown>('POST', `/api/videos/${id}/embedding`, engine ? { engine } : {}),
  /** `threshold` null: the server's default (the engine's, else automatic). */
  compare: (videoA: string, videoB: string, mode: ComparisonMode, threshold: number | null, signal?: AbortSignal) =>
    request<Comparison>('POST', '/api/comparisons', threshold == null ? { videoA, videoB, mode } : { videoA, videoB, mode, threshold }, signal),
  differenceImageUrl: (comparisonId: string, regionIndex: number) => `/api/comparisons/${comparisonId}/regions/${regionIndex}/difference`,
  getTwelveLabs: () => request<TwelveLabsKeyStatus>('GET', '/api/settings/twelvelabs'),
  putTwelveLabs: (apiKey: string) => request<TwelveLabsKeyStatus>('PUT', '/api/settings/twelvelabs', { apiKey }),
  deleteTwelveLabs: () => request<void>('DELETE', '/api/settings/twelvelabs'),
  getEngine: () => request<EngineSetting>('GET', '/api/settings/engine'),
  putEngine: (defaultEngine: EngineChoice) => request<EngineSetting>('PUT', '/api/settings/engine', { defaultEngine }),
};
