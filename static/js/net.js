// What the study, practice and writing pages share: JSON requests carrying the CSRF token, retrying through
// network failures with capped exponential backoff, a countdown to a server deadline, and page-wide keys.
// Loaded as an ES module; no framework, nothing fetched from elsewhere.

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

/** A fetch against `base` + path that sends and accepts JSON and carries the CSRF token. */
export function client(base) {
  return function request(method, path = "", body = undefined, options = {}) {
    const headers = { "X-CSRFToken": csrf(), Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(base + path, {
      method, credentials: "same-origin", headers, keepalive: !!options.keepalive,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
}

/** The wait before retry number `attempt` (0-based): base, 2×base, 4×base … never more than `max`. */
export function backoff(attempt, base = 1000, max = 8000) {
  return Math.min(max, base * 2 ** attempt);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Call `send()` until it gives a response: a network failure (a rejected fetch) waits and tries again;
 *  an HTTP error is a response and is returned as it is. `onRetry(attempt)` runs before each wait. */
export async function untilAnswered(send, { base = 1000, max = 8000, onRetry = () => {} } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      onRetry(attempt);
      await sleep(backoff(attempt, base, max));
    }
  }
}

/** The error message in a JSON error body, or the status code when there is none. */
export async function reason(res) {
  const err = await res.json().catch(() => ({}));
  return err.message || String(res.status);
}

/** "m:ss", or "h:mm:ss" from an hour up when `hours` is set (otherwise minutes keep counting: "75:00"). */
export function clockText(ms, { hours = true } = {}) {
  const s = Math.ceil(Math.max(0, ms) / 1000);
  const h = hours ? Math.floor(s / 3600) : 0;
  const m = Math.floor((s - h * 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** Count down `remainingMs` (the server's figure at load) on the monotonic clock: `onTick(leftMs)` four times a
 *  second, `onEnd()` once at zero. Returns an object whose `stop()` ends it and `reset(ms)` moves the deadline. */
export function countdown(remainingMs, onTick, onEnd) {
  let endsAt = performance.now() + remainingMs;
  let ended = false;
  const tick = () => {
    if (ended) return;
    const left = Math.max(0, endsAt - performance.now());
    onTick(left);
    if (left <= 0) { ended = true; clearInterval(timer); onEnd(); }
  };
  const timer = setInterval(tick, 250);
  tick();
  return {
    stop() { ended = true; clearInterval(timer); },
    reset(ms) { endsAt = performance.now() + ms; tick(); },
  };
}

/** Page-wide single-key shortcuts. `handler(key, event)` gets the lower-cased key and returns true when it used
 *  it; keys with Ctrl/Alt/Meta and keys typed into form fields never reach it. */
export function onKeys(handler) {
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || e.target.isContentEditable) return;
    if (handler(e.key.toLowerCase(), e)) e.preventDefault();
  });
}

/** A J/K cursor over a list page's rows (the review queue, the card browser): one row is marked `.current`
 *  and takes the focus (the row itself, or what `focusOf(row)` picks inside it). Rows are looked up afresh on
 *  every move, so rows a page adds or removes are followed. */
export function rowCursor(selector, { focusOf = (row) => row, scroll = false } = {}) {
  let current = -1;
  const rows = () => Array.from(document.querySelectorAll(selector));
  function move(i) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((r, k) => r.classList.toggle("current", k === current));
    focusOf(all[current]).focus();
    if (scroll) all[current].scrollIntoView({ block: "nearest" });
  }
  return {
    rows,
    /** The current row, or null before the first J/K. */
    row: () => (current < 0 ? null : rows()[current] || null),
    next: () => move(current + 1),
    prev: () => move(current < 0 ? 0 : current - 1),
  };
}
