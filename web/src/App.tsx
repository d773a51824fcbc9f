import { useEffect, useState } from 'react';
import { ComparePage } from './components/ComparePage';
import { ConnectionBanner } from './components/ConnectionBanner';
import { LibraryPage } from './components/LibraryPage';
import { SettingsPage } from './components/SettingsPage';
import { linkClick, useRoute } from './router';

export function App() {
  const route = useRoute();
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
        <nav aria-label="Main">
          <a href="/" onClick={linkClick} aria-current={route.page === 'library' ? 'page' : undefined}>
            Library
          </a>
          <a href="/settings" onClick={linkClick} aria-current={route.page === 'settings' ? 'page' : undefined}>
            Settings
          </a>
        </nav>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
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
      </main>
    </>
  );
}
