// Answer writing page: autosave with versions, a local copy, conflicts shown side by side, a server-side countdown.
// No framework. User text only ever goes into the page through textContent or a textarea's value.
import { backoff, client, clockText, countdown } from "./net.js";

const root = document.getElementById("writing");
if (root) {
  const api = client(root.dataset.api);  // the attempt's URL, as the page's url_for built it
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const box = document.getElementById("answer");
  const attemptId = root.dataset.attempt;
  const limit = Number(root.dataset.wordLimit);
  const storeKey = `quizapp:writing:${root.dataset.user}:${attemptId}`;
  const SAVE_EVERY_MS = 3000;

  let version = Number(root.dataset.version);
  // What the server holds at `version`: the text the page was served with (defaultValue), not the box's value,
  // which already holds whatever was typed before this script ran.
  let savedText = box.defaultValue;
  let savedAt = root.dataset.savedAt ? Date.now() - (Date.parse(root.dataset.serverNow) - Date.parse(root.dataset.savedAt)) : null;
  let inFlight = null;               // the promise of the save under way
  let offline = false;
  let failures = 0;                  // saves in a row that got no answer (the backoff grows with them)
  let retryTimer = null;
  let conflict = null;               // {version, text} while the user has not chosen
  const unanswered = new Set();      // texts sent whose response never came (the server may have stored them)
  let ended = false;

  // ---- local copy: every keystroke, so a crash or a lost network never costs text
  function keepLocal() {
    try {
      localStorage.setItem(storeKey, JSON.stringify({ text: box.value, base: version, pending: box.value !== savedText, at: Date.now() }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function readLocal() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }

  // ---- word count: shown on every keystroke, but announced to screen readers only when a threshold is crossed
  // (near the limit, over it, back under it) or, while typing on, at a pause after another 50 words.
  function countWords(text) { const t = text.trim(); return t ? t.split(/\s+/).length : 0; }
  const ANNOUNCE_PAUSE_MS = 2000;
  const ANNOUNCE_EVERY = 50;
  let announcedBand = null;
  let announcedCount = null;
  let pauseTimer = null;

  function band(n) { return n > limit ? "over" : n >= limit * 0.9 ? "near" : "under"; }

  function announce(n) {
    const b = band(n);
    const extra = b === "over" ? `, ${n - limit} over the limit` : b === "near" ? ", close to the limit" : "";
    $("words-status").textContent = `${n} of ${limit} words${extra}.`;
    announcedBand = b;
    announcedCount = n;
  }

  function showCount(typed) {
    const n = countWords(box.value);
    const el = root.querySelector('[data-testid="wordcount"]');
    el.textContent = `${n} / ${limit} words`;
    el.classList.toggle("near", band(n) === "near");
    el.classList.toggle("over", band(n) === "over");
    clearTimeout(pauseTimer);
    if (announcedBand === null) { announcedBand = band(n); announcedCount = n; return; }  // the page's first count
    if (band(n) !== announcedBand) { announce(n); return; }
    if (typed) {
      pauseTimer = setTimeout(() => {
        const now = countWords(box.value);
        if (Math.abs(now - announcedCount) >= ANNOUNCE_EVERY) announce(now);
      }, ANNOUNCE_PAUSE_MS);
    }
  }

  // ---- status line
  function showStatus() {
    const el = $("status");
    if (conflict) { el.textContent = "Saved elsewhere: choose which text to keep (below the prompt)."; return; }
    if (offline) { el.textContent = "Offline, retrying…"; return; }
    if (inFlight) { el.textContent = "Saving…"; return; }
    if (box.value !== savedText) { el.textContent = savedAt ? `Unsaved changes · last saved ${ago(savedAt)}` : "Not saved yet"; return; }
    el.textContent = savedAt ? `Saved ${ago(savedAt)}` : "Nothing to save yet";
  }

  function ago(t) {
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    return s < 60 ? `${s} s ago` : `${Math.floor(s / 60)} min ago`;
  }

  // ---- saving
  function request(text, base, keepalive) {
    return api("PUT", "/draft", { text, base_version: base }, { keepalive });
  }

  function save(opts) {
    opts = opts || {};
    if (conflict) return Promise.resolve(false);
    if (inFlight) return inFlight.then(() => (box.value !== savedText ? save(opts) : true));
    const text = box.value;
    if (text === savedText) { showStatus(); return Promise.resolve(true); }
    const base = version;
    inFlight = (async () => {
      let res;
      try {
        res = await request(text, base, opts.keepalive);
      } catch (e) {
        unanswered.add(text);
        offline = true;
        scheduleRetry();
        return false;
      }
      offline = false;
      failures = 0;
      if (res.ok) {
        const body = await res.json();
        version = body.version;
        savedText = text;
        savedAt = Date.now();
        keepLocal();
        if (body.status === "submitted" && !ended) endWriting(body.late ? "The time is up: your answer was submitted with what was saved before the deadline. This text is kept as a late version." : null);
        return true;
      }
      const err = await res.json().catch(() => ({}));
      if (res.status === 409 && (err.text === text || unanswered.has(err.text))) {
        // Our own earlier save got there (its answer was lost in a crash, or a page-hide save landed after
        // the reload): nothing to choose between; carry on from that version.
        unanswered.clear();
        version = err.version;
        savedText = err.text;
        savedAt = Date.now();
        keepLocal();
        return err.text === text ? true : "again";
      }
      if (res.status === 409) { showConflict(err); return false; }
      if (res.status >= 500) { offline = true; scheduleRetry(); return false; }
      $("status").dataset.error = err.message || String(res.status);
      return false;
    })();
    showStatus();
    return inFlight.finally(() => {
      inFlight = null;
      showStatus();
      const e = $("status").dataset.error;
      if (e) { $("status").textContent = `Not saved: ${e}`; delete $("status").dataset.error; }
    }).then((ok) => (ok === "again" ? save(opts) : ok));
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(() => { retryTimer = null; save(); }, backoff(failures++, 2000, 15000));
  }

  // ---- conflicts: both texts on screen, nothing overwritten until the user chooses
  function showConflict(err) {
    conflict = { version: err.version, text: err.text || "" };
    $("mine").textContent = box.value;
    $("theirs").textContent = conflict.text;
    $("theirs-version").textContent = String(conflict.version);
    $("conflict").hidden = false;
    showStatus();
  }

  async function resolve(keepMine) {
    const mine = box.value;
    const theirs = conflict;
    conflict = null;
    $("conflict").hidden = true;
    version = theirs.version;
    savedText = theirs.text;
    if (!keepMine) {
      // Mine goes into the history first, so continuing with theirs loses nothing.
      box.value = mine;
      if (!(await save())) return;
      box.value = theirs.text;
    }
    showCount();
    keepLocal();
    await save();
  }

  // ---- countdown from the server's deadline (remaining seconds at page load)
  const remaining = root.dataset.remaining === "" ? null : Number(root.dataset.remaining);

  function showTime(left) {
    if (ended || timeUpFired) return;
    const timer = root.querySelector('[data-testid="timer"]');
    timer.textContent = `${clockText(left, { hours: false })} left`;
    timer.classList.toggle("near", left <= 60_000);
  }

  let timeUpFired = false;
  async function timeUp() {
    if (timeUpFired || ended) return;
    timeUpFired = true;
    await save();
    const res = await api("POST", "/submit").catch(() => null);
    if (res && res.ok) { ended = true; window.location.reload(); return; }
    // Offline at the deadline: the server submits what it has; keep the text here and keep trying to save it
    // (it will be stored as a late version), and show the feedback once a save says "submitted".
    $("status").textContent = "Time is up. Offline: your text is kept in this browser and will be saved when the server answers.";
  }

  function endWriting(message) {
    ended = true;
    $("status").textContent = message || "Submitted.";
    setTimeout(() => window.location.reload(), 1500);
  }

  // ---- offering back a local copy the server never got
  function offerLocal() {
    const local = readLocal();
    if (!local || !local.pending || local.text === box.value) return false;
    $("restore-text").textContent = local.text;
    $("restore").hidden = false;
    $("restore-use").addEventListener("click", () => {
      box.value = local.text;
      $("restore").hidden = true;
      showCount();
      keepLocal();
      save();
    });
    $("restore-dismiss").addEventListener("click", () => { $("restore").hidden = true; keepLocal(); });
    return true;
  }

  // ---- wiring
  box.addEventListener("input", () => {
    showCount(true);
    keepLocal();
    if (conflict) $("mine").textContent = box.value;  // the panel shows what this tab holds now
    showStatus();
  });
  box.addEventListener("blur", () => save());
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") save({ keepalive: true }); });
  window.addEventListener("pagehide", () => save({ keepalive: true }));
  window.addEventListener("online", () => { if (offline) save(); });
  $("keep-mine").addEventListener("click", () => resolve(true));
  $("take-theirs").addEventListener("click", () => resolve(false));
  $("submit-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (conflict) { showStatus(); return; }
    if (await save()) { ended = true; e.target.submit(); }
    else if (!conflict) $("status").textContent = "Could not save your latest text, so it was not submitted yet. Retrying…";
  });

  setInterval(() => { if (!conflict && !inFlight && box.value !== savedText && !offline) save(); }, SAVE_EVERY_MS);
  setInterval(showStatus, 1000);
  showCount();
  if (!offerLocal()) keepLocal();  // keep an offered copy in storage until the user chooses
  showStatus();
  if (remaining !== null) countdown(remaining * 1000, showTime, () => { if (!ended) timeUp(); });
}
