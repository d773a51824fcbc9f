// Who the browser is to the server. In None mode everyone is admin and nothing here shows. In Token mode
// the user pastes a token once; POST /api/session trades it for an HttpOnly cookie, which then carries
// every fetch, tus request, the event stream and the media elements (same origin). The page never holds
// the token after that, and a 401 from anywhere brings the sign-in page back.

import { api, ApiError, unauthorized } from './api';
import { Store } from './store';
import type { AuthMode } from './types';

export type Session =
  | { state: 'checking' }
  /** The probe failed (no answer, or an error status); it is asked again, backing off. */
  | { state: 'unreachable'; message: string }
  | { state: 'signed-out'; reason: string | null }
  | { state: 'signed-in'; mode: AuthMode; role: string };

export const session = new Store<Session>({ state: 'checking' });

export const sessionEndedMessage = 'Your session has ended (the token was revoked or is no longer accepted). Sign in again.';

let retryTimer: number | undefined;
let retryDelay = 1000;

function accept(mode: AuthMode, role: string | null): void {
  // None mode has no sign-in; the server treats every caller as admin.
  if (mode === 'None' || role) session.set({ state: 'signed-in', mode, role: role ?? 'admin' });
  else session.set({ state: 'signed-out', reason: session.get().state === 'signed-in' ? sessionEndedMessage : null });
}

/** Asks the server who we are (GET /api/session), and keeps asking while it cannot be reached. */
export async function checkSession(): Promise<void> {
  window.clearTimeout(retryTimer);
  try {
    const info = await api.getSession();
    retryDelay = 1000;
    accept(info.mode, info.role);
  } catch (error) {
    const current = session.get();
    // A signed-in page keeps its state; the connection banner speaks for the outage.
    if (current.state === 'checking' || current.state === 'unreachable') {
      session.set({ state: 'unreachable', message: error instanceof ApiError ? error.message : String(error) });
      retryTimer = window.setTimeout(() => void checkSession(), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    }
  }
}

/** POST /api/session; on a refusal, throws the sentence to show under the form. */
export async function signIn(token: string): Promise<void> {
  try {
    const info = await api.signIn(token.trim());
    accept(info.mode, info.role);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new ApiError(401, 'That token was not accepted: it is unknown, revoked or mistyped. Check it and try again.');
    }
    if (error instanceof ApiError && error.status === 429) {
      throw new ApiError(429, 'Too many sign-in attempts. Wait a minute, then try again.');
    }
    throw error;
  }
}

/** DELETE /api/session: the server drops the cookie. */
export async function signOut(): Promise<void> {
  await api.signOut();
  session.set({ state: 'signed-out', reason: null });
}

let started = false;

/** Probes once at start-up, and listens for a 401 from any request afterwards. */
export function startSession(): void {
  if (started) return;
  started = true;
  unauthorized.listeners.add(() => {
    if (session.get().state === 'signed-in') accept('Token', null);
  });
  void checkSession();
}
