// Re-reads a folder's first page while it is on screen, so a new mail shows up without a reload. Plain polling of
// the list API rather than server-sent events: no long-lived connection through the gateway and its rate limits,
// it works through any proxy, and it is one cheap request (see docs/architecture.md, "Admin web page").
import { ApiError } from './api.js';

/** How often the first page is re-read while it works. */
export const POLL_INTERVAL_MS = 5_000;
/** After failed requests the interval doubles up to this (5 s, 10 s, 20 s, 40 s, 60 s); one success resets it. */
export const POLL_MAX_INTERVAL_MS = 60_000;

// At most one poller runs in the whole page: starting one (another folder or user) stops the one before.
let current = null;

/**
 * Calls `poll` every POLL_INTERVAL_MS while `view` is on the page, the tab is visible and `shouldPoll()` holds.
 * It stops for good when the route changes, the view leaves the page, or a request answers 401/403.
 * Returns `{ stop, rearm }`: call `rearm()` after anything that may change `shouldPoll()` (paging).
 */
export function startPolling(view, { shouldPoll, poll }) {
  current?.stop();
  let timer = 0;
  let delay = POLL_INTERVAL_MS;
  let stopped = false;
  let inFlight = false;

  const poller = { stop, rearm: () => arm(delay) };
  current = poller;
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('hashchange', stop);
  arm(delay);
  return poller;

  function stop() {
    stopped = true;
    clearTimeout(timer);
    timer = 0;
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('hashchange', stop);
    if (current === poller) current = null;
  }

  function arm(ms) {
    clearTimeout(timer);
    timer = 0;
    if (!stopped && document.visibilityState === 'visible' && shouldPoll()) timer = setTimeout(tick, ms);
  }

  // Hidden tabs make no requests; coming back checks at once.
  function onVisibility() {
    if (document.visibilityState === 'visible') arm(0);
    else arm(delay);
  }

  async function tick() {
    timer = 0;
    if (stopped) return;
    if (!view.isConnected) { stop(); return; }
    if (inFlight) return;
    inFlight = true;
    try {
      await poll();
      delay = POLL_INTERVAL_MS;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) { stop(); return; }
      delay = Math.min(delay * 2, POLL_MAX_INTERVAL_MS);
    } finally {
      inFlight = false;
    }
    arm(delay);
  }
}
