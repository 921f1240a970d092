/**
 * "Since your last visit": the time of the visit before this session, per user, kept in the browser.
 * Read once per session, so reloading the cockpit does not reset it.
 */
export function sinceLastVisit(username: string): string | null {
  const sessionKey = `lantu.since.${username}`;
  const kept = sessionStorage.getItem(sessionKey);
  if (kept !== null) return kept || null;
  const storeKey = `lantu.lastVisit.${username}`;
  const previous = localStorage.getItem(storeKey);
  sessionStorage.setItem(sessionKey, previous ?? '');
  localStorage.setItem(storeKey, new Date().toISOString());
  return previous;
}
