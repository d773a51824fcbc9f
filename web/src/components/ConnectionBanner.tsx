import { useEffect, useState } from 'react';
import { live } from '../live';
import { useStore } from '../store';

/** Says so when the server cannot be reached; the event stream reconnects by itself. */
export function ConnectionBanner() {
  const { connection, downSince, loadError, loaded } = useStore(live);
  const [, tick] = useState(0);
  // A blip shorter than a second (e.g. a server restart) does not flash a banner.
  useEffect(() => {
    if (connection !== 'down') return;
    const timer = window.setTimeout(() => tick((n) => n + 1), 1100);
    return () => window.clearTimeout(timer);
  }, [connection, downSince]);

  const down = connection === 'down' && downSince != null && Date.now() - downSince > 1000;
  if (!down && !(loadError && !loaded)) return null;
  return (
    <div className="banner banner-error" role="alert">
      <strong>The server cannot be reached.</strong> {loadError && !down ? loadError : 'Reconnecting by itself…'}
    </div>
  );
}
