import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startLive, stopLive } from './live';
import { session, startSession } from './session';
import { startUploads } from './uploads';
import './styles.css';

// The event stream and the upload rows need a session: in Token mode they start after signing in.
let wasSignedIn = false;
session.subscribe(() => {
  const signedIn = session.get().state === 'signed-in';
  if (signedIn === wasSignedIn) return;
  wasSignedIn = signedIn;
  if (signedIn) {
    startLive();
    startUploads();
  } else {
    stopLive();
  }
});
startSession();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
