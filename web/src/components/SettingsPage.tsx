import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import type { EngineChoice, EngineSetting, TwelveLabsKeyStatus } from '../types';

const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

function describeKey(status: TwelveLabsKeyStatus): string {
  if (!status.configured) return 'No TwelveLabs key is set.';
  const ending = status.hint ? ` ending in …${status.hint}` : '';
  const from = status.source === 'environment' ? ' (from the server’s environment)' : status.source === 'settings' ? ' (saved here)' : '';
  if (status.valid === true) return `A valid key${ending} is set${from}.`;
  if (status.valid === false) return `The key${ending}${from} was rejected by TwelveLabs.`;
  if (status.state === 'unreachable') return `A key${ending} is set${from}; TwelveLabs could not be reached to check it.`;
  return `A key${ending} is set${from}.`;
}

export function SettingsPage({ setTitle }: { setTitle: (title: string) => void }) {
  useEffect(() => setTitle('Settings'), [setTitle]);
  const [key, setKey] = useState<TwelveLabsKeyStatus | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [engine, setEngine] = useState<EngineSetting | null>(null);
  const [engineError, setEngineError] = useState<string | null>(null);
  const [engineNote, setEngineNote] = useState<string | null>(null);

  useEffect(() => {
    api.getTwelveLabs().then(setKey, (e) => setKeyError(message(e)));
    api.getEngine().then(setEngine, (e) => setEngineError(message(e)));
  }, []);

  const saveKey = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    setSaving(true);
    setKeyError(null);
    try {
      setKey(await api.putTwelveLabs(draft.trim()));
    } catch (e) {
      setKeyError(message(e));
    } finally {
      // The key never stays on the page, valid or not.
      setDraft('');
      setSaving(false);
    }
  };

  const removeKey = async () => {
    setKeyError(null);
    try {
      await api.deleteTwelveLabs();
      setKey(await api.getTwelveLabs());
    } catch (e) {
      setKeyError(message(e));
    }
  };

  const chooseEngine = async (choice: EngineChoice) => {
    setEngineError(null);
    setEngineNote(null);
    try {
      const saved = await api.putEngine(choice);
      setEngine(saved);
      setEngineNote('Saved.');
    } catch (e) {
      setEngineError(message(e));
    }
  };

  return (
    <div className="page narrow">
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="tl-heading">
        <h2 id="tl-heading">TwelveLabs API key</h2>
        <p className="muted small">The key is checked with TwelveLabs and stored encrypted on the server. It is never shown again; only its last characters are.</p>
        <p data-testid="key-status" role="status">
          {key ? describeKey(key) : keyError ? '' : 'Loading…'}
        </p>
        <form onSubmit={(e) => void saveKey(e)} className="row">
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            placeholder={key?.configured ? 'Enter a new key to replace it' : 'tlk_…'}
          />
          <button type="submit" className="primary" disabled={saving || !draft.trim()}>
            {saving ? 'Checking…' : 'Check and save'}
          </button>
          {key?.configured && key.source === 'settings' && (
            <button type="button" className="danger-quiet" onClick={() => void removeKey()}>
              Remove key
            </button>
          )}
        </form>
        {keyError && (
          <p className="error" role="alert">
            {keyError}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="engine-heading">
        <h2 id="engine-heading">Default engine</h2>
        <fieldset className="choices">
          <legend className="visually-hidden">Default embedding engine</legend>
          {(
            [
              ['auto', 'Automatic', 'TwelveLabs when a valid key is set, otherwise local.'],
              ['local', 'Local', 'Runs on this server, offline.'],
              ['twelvelabs', 'TwelveLabs', 'Marengo embeddings from TwelveLabs; needs a key.'],
            ] as const
          ).map(([value, label, help]) => (
            <div key={value} className="choice">
              <input
                type="radio"
                id={`engine-${value}`}
                name="engine"
                value={value}
                checked={engine?.defaultEngine === value}
                onChange={() => void chooseEngine(value)}
                disabled={!engine}
                aria-describedby={`engine-${value}-help`}
              />
              <label htmlFor={`engine-${value}`}>
                <strong>{label}</strong>
              </label>
              <span id={`engine-${value}-help`} className="muted small">
                {help}
              </span>
            </div>
          ))}
        </fieldset>
        {engine?.effectiveEngine && (
          <p className="muted small" data-testid="effective-engine">
            New videos now use: <strong>{engine.effectiveEngine}</strong>
            {engineNote ? ` · ${engineNote}` : ''}
          </p>
        )}
        {engineError && (
          <p className="error" role="alert">
            {engineError}
          </p>
        )}
      </section>
    </div>
  );
}
