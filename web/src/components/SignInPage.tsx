import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { signIn } from '../session';

/** Token mode's front door: a token pasted once becomes the browser's session cookie. */
export function SignInPage({ reason, setTitle }: { reason: string | null; setTitle: (title: string) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setTitle('Sign in');
    input.current?.focus();
  }, [setTitle]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      // The page changes on its own; the token leaves the form.
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setToken('');
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      {reason && (
        <p className="notice" role="status" data-testid="session-ended">
          {reason}
        </p>
      )}
      <section className="panel" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">Access token</h2>
        <p className="muted small">
          This SAGE server needs a token. Paste the one an admin gave you (or the server&rsquo;s bootstrap token). It is kept in
          an HttpOnly cookie for this browser, not in the page.
        </p>
        <form onSubmit={(e) => void submit(e)} className="row">
          <label htmlFor="sign-in-token">Token</label>
          <input
            id="sign-in-token"
            ref={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
          />
          <button type="submit" className="primary" disabled={busy || !token.trim()}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </section>
    </div>
  );
}
