// Three pages need no router library: the History API and one hook.

import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'library' }
  | { page: 'settings' }
  | { page: 'compare'; a: string; b: string }
  | { page: 'not-found'; path: string };

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const path = () => window.location.pathname;

export function parseRoute(pathname: string): Route {
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  if (trimmed === '/' || trimmed === '/library') return { page: 'library' };
  if (trimmed === '/settings') return { page: 'settings' };
  const compare = /^\/compare\/([^/]+)\/([^/]+)$/.exec(trimmed);
  if (compare) return { page: 'compare', a: decodeURIComponent(compare[1]), b: decodeURIComponent(compare[2]) };
  return { page: 'not-found', path: pathname };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, path, path));
}

export function navigate(to: string): void {
  if (to === window.location.pathname) return;
  window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

/** For <a href> that should stay in the app: ordinary clicks navigate, modified clicks open a tab. */
export function linkClick(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
