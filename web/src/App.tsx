import { useEffect, useState } from 'react';
import { ComparePage } from './components/ComparePage';
import { ConnectionBanner } from './components/ConnectionBanner';
import { LibraryPage } from './components/LibraryPage';
import { SettingsPage } from './components/SettingsPage';
import { SignInPage } from './components/SignInPage';
import { linkClick, useRoute } from './router';
import { session, signOut } from './session';
import { useStore } from './store';

export function App() {
  const route = useRoute();
  const current = useStore(session);
  const [title, setTitle] = useState('SAGE');
  useEffect(() => {
    document.title = title === 'SAGE' ? 'SAGE' : `${title} · SAGE`;
  }, [title]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <a className="brand" href="/" onClick={linkClick} aria-label="SAGE home">
          SAGE
        </a>
        {current.state === 'signed-in' && (
          <nav aria-label="Main">
            <a href="/" onClick={linkClick} aria-current={route.page === 'library' ? 'page' : undefined}>
              Library
            </a>
            <a href="/settings" onClick={linkClick} aria-current={route.page === 'settings' ? 'page' : undefined}>
              Settings
            </a>
          </nav>
        )}
        {current.state === 'signed-in' && current.mode === 'Token' && <SessionControl role={current.role} />}
      </header>
      {current.state === 'signed-in' && <ConnectionBanner />}
      <main id="main" tabIndex={-1}>
        {current.state === 'checking' && <p className="page muted">Connecting…</p>}
        {current.state === 'unreachable' && (
          <section className="page narrow" role="alert">
            <h1>SAGE is not answering</h1>
            <p>{current.message}</p>
          </section>
        )}
        {current.state === 'signed-out' && <SignInPage reason={current.reason} setTitle={setTitle} />}
        {current.state === 'signed-in' && <Pages setTitle={setTitle} />}
      </main>
    </>
  );
}

/** Who is signed in, and the way out (Token mode only). */
function SessionControl({ role }: { role: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="session">
      <span className="muted small" data-testid="signed-in-role">
        Signed in as {role}
      </span>
      <button type="button" onClick={() => signOut().then(() => setError(null), (e: Error) => setError(e.message))}>
        Sign out
      </button>
      {error && (
        <span className="error small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function Pages({ setTitle }: { setTitle: (title: string) => void }) {
  const route = useRoute();
  return (
    <>
      {route.page === 'library' && <LibraryPage setTitle={setTitle} />}
      {route.page === 'settings' && <SettingsPage setTitle={setTitle} />}
      {route.page === 'compare' && <ComparePage key={`${route.a}/${route.b}`} a={route.a} b={route.b} setTitle={setTitle} />}
      {route.page === 'not-found' && (
        <section className="page narrow">
          <h1>Page not found</h1>
          <p>
            There is nothing at <code>{route.path}</code>.{' '}
            <a href="/" onClick={linkClick}>
              Go to the library
            </a>
            .
          </p>
        </section>
      )}
    </>
  );
}
