// Taking a practice test: one question at a time over /api/v1/practice, keyboard first, no framework.
// The server is the truth: every change is PUT at once (retried while offline), the countdown runs to the
// server's deadline, and a reload or a second tab starts again from what the server holds.
import { backoff, client, clockText, countdown, onKeys, reason, sleep, untilAnswered } from "./net.js";

const root = document.getElementById("test");
if (root) {
  const api = client(root.dataset.api);
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const STATES = { "not-visited": "Not visited", "not-answered": "Not answered", answered: "Answered",
                   marked: "Marked for review", "answered-marked": "Answered & marked" };
  let test = null;        // GET /attempts/<id>
  let current = 0;        // index into test.questions
  let shownAt = 0;        // performance.now() when the current question was shown
  let finishing = false;
  const pending = new Map(); // item_id -> body waiting to be sent (latest wins)
  let sending = false;
  let offline = false;
  let timer = null;      // the countdown to the server's deadline

  function status(text) { $("status").textContent = text; }

  function showSaveState() {
    if (offline) status(`Offline: ${pending.size} change(s) not saved yet. Retrying…`);
    else if (pending.size || sending) status("Saving…");
    else status("All responses saved.");
  }

  function stateOf(q) {
    if (q.choice !== null) return q.marked ? "answered-marked" : "answered";
    if (q.marked) return "marked";
    return q.visited ? "not-answered" : "not-visited";
  }

  // Time on the current question so far, added to what the server already has.
  function spent(q) {
    return q.time_spent_ms + (q === test.questions[current] ? Math.max(0, Math.round(performance.now() - shownAt)) : 0);
  }

  function queue(q, fields) {
    Object.assign(q, fields);
    q.visited = true;
    q.state = stateOf(q);
    // A new object each time: the one in flight must not change under it, or the newer fields would be dropped with it.
    const body = Object.assign({ item_id: q.item_id }, pending.get(q.item_id), fields, { time_spent_ms: spent(q) });
    if (fields.current) pending.delete(q.item_id);  // sent last: the newest "I am here" wins
    pending.set(q.item_id, body);
    renderPalette();
    flush();
  }

  async function flush() {
    if (sending) return;
    sending = true;
    showSaveState();
    let attempt = 0;
    while (pending.size) {
      const [itemId, body] = pending.entries().next().value;
      let res;
      try {
        // keepalive: a save sent as the page unloads still reaches the server.
        res = await api("PUT", "/responses", body, { keepalive: true });
      } catch (e) {
        offline = true;
        showSaveState();
        await sleep(backoff(attempt++, 500));
        continue;
      }
      offline = false;
      attempt = 0;
      if (pending.get(itemId) === body) pending.delete(itemId);
      if (res.status === 409) { pending.clear(); sending = false; window.location.assign(root.dataset.results); return; }
      if (!res.ok) {
        // Refused (not a network problem): show the server's copy again, and say why.
        const why = await reason(res);
        sending = false;
        await load();
        status(`Not saved: ${why}`);
        return;
      }
    }
    sending = false;
    showSaveState();
  }

  function leave() {
    const q = test.questions[current];
    const total = spent(q);
    shownAt = performance.now();
    if (total !== q.time_spent_ms) {
      q.time_spent_ms = total;
      queue(q, {});
    }
  }

  function go(index) {
    if (!test || index < 0 || index >= test.questions.length) return;
    leave();
    current = index;
    render();
    // The question being viewed is stored, so a reload reopens here and not at the first unvisited one.
    queue(test.questions[current], { current: true });
  }

  function choose(k) {
    const q = test.questions[current];
    if (!q || !q.options[k] || finishing) return;
    queue(q, { choice: q.options[k].index });
    renderQuestion();
  }

  function toggleMark() { const q = test.questions[current]; queue(q, { marked: !q.marked }); renderQuestion(); }

  function clearResponse() { const q = test.questions[current]; queue(q, { choice: null }); renderQuestion(); }

  function renderPalette() {
    const list = $("palette");
    list.textContent = "";
    const counts = {};
    test.questions.forEach((q, i) => {
      const state = stateOf(q);
      counts[state] = (counts[state] || 0) + 1;
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = `pstate ${state}` + (i === current ? " current" : "");
      b.dataset.state = state;
      b.dataset.position = String(q.position);
      b.textContent = String(q.position);
      b.setAttribute("aria-label", `Question ${q.position}: ${STATES[state]}`);
      if (i === current) b.setAttribute("aria-current", "step");
      b.addEventListener("click", () => go(i));
      li.appendChild(b);
      list.appendChild(li);
    });
    $("counts").textContent = Object.keys(STATES).map((s) => `${STATES[s]} ${counts[s] || 0}`).join(" · ");
  }

  function renderQuestion() {
    const q = test.questions[current];
    $("number").textContent = String(q.position);
    $("stem").textContent = q.stem;
    $("marked-flag").hidden = !q.marked;
    $("mark").setAttribute("aria-pressed", String(q.marked));
    const box = $("options");
    const focused = box.contains(document.activeElement) ? Number(document.activeElement.dataset.k) : null;
    box.textContent = "";
    // A radio group: one Tab stop (the chosen option, else the first); the arrow keys move within it.
    const stop = Math.max(0, q.options.findIndex((o) => o.index === q.choice));
    q.options.forEach((o, k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "option" + (q.choice === o.index ? " chosen" : "");
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", String(q.choice === o.index));
      b.tabIndex = k === stop ? 0 : -1;
      b.dataset.letter = o.letter;
      b.dataset.k = String(k);
      b.textContent = `${o.letter}. ${o.text}`;
      b.addEventListener("click", () => choose(k));
      box.appendChild(b);
    });
    if (focused !== null) box.children[Math.min(focused, box.children.length - 1)]?.focus({ preventScroll: true });
    $("prev").disabled = current === 0;
    $("next").disabled = current === test.questions.length - 1;
  }

  function render() {
    const q = test.questions[current];
    shownAt = performance.now();
    if (!q.visited) queue(q, { visited: true });
    renderQuestion();
    renderPalette();
  }

  // Warnings as the time runs down, each said once (and at once when a test is opened with less left).
  const WARNINGS = [[60_000, "1 minute left."], [300_000, "5 minutes left."]];
  let warned = null;

  function showTime(left) {
    $("time-left").textContent = clockText(left);
    const due = WARNINGS.find(([ms]) => left <= ms);
    if (!due || left <= 0 || warned === due[0]) return;
    warned = due[0];
    $("time-warning").textContent = due[1];
    $("time-warning").hidden = false;
  }

  async function waitSaved() {
    flush();
    while (pending.size || sending) await sleep(200);
  }

  async function finish(message) {
    if (finishing) return;
    finishing = true;
    if (timer) timer.stop();
    leave();
    status(message);
    await waitSaved();
    const res = await untilAnswered(() => api("POST", "/submit"), {
      base: 500,
      onRetry: () => status("Offline: the test will be submitted when the connection is back (the server also submits it at the deadline)."),
    });
    if (!res.ok && res.status !== 409) {
      status(`Could not submit: ${await reason(res)}`);
      finishing = false;
      return;
    }
    window.location.assign(root.dataset.results);
  }

  async function load() {
    let res;
    try {
      res = await api("GET", "");
    } catch (e) {
      status("Offline: could not load the test. Retrying…");
      setTimeout(load, 2000);
      return;
    }
    if (!res.ok) { status(`Could not load the test (${res.status}).`); return; }
    const fresh = await res.json();
    if (fresh.status !== "open") { window.location.assign(root.dataset.results); return; }
    const keep = test ? test.questions[current].item_id : null;
    test = fresh;
    // Changes not yet acknowledged are ours and newer than the server's copy.
    for (const q of test.questions) if (pending.has(q.item_id)) Object.assign(q, pending.get(q.item_id));
    if (keep) current = Math.max(0, test.questions.findIndex((q) => q.item_id === keep));
    else if (test.current_position) {
      const at = test.questions.findIndex((q) => q.position === test.current_position);
      current = at === -1 ? 0 : at;
    } else {
      const first = test.questions.findIndex((q) => !q.visited);
      current = first === -1 ? 0 : first;
    }
    render();
    if (timer) timer.reset(test.remaining_ms);
    else timer = countdown(test.remaining_ms, showTime, () => finish("Time is up: submitting…"));
    showSaveState();
  }

  $("prev").addEventListener("click", () => go(current - 1));
  $("next").addEventListener("click", () => go(current + 1));
  $("mark").addEventListener("click", toggleMark);
  $("clear").addEventListener("click", clearResponse);
  $("submit").addEventListener("click", () => {
    const counts = {};
    test.questions.forEach((q) => { const s = stateOf(q); counts[s] = (counts[s] || 0) + 1; });
    const answered = (counts.answered || 0) + (counts["answered-marked"] || 0);
    $("confirm-text").textContent = `Submit now? ${answered} answered, ${test.questions.length - answered} not answered, ` +
      `${(counts.marked || 0) + (counts["answered-marked"] || 0)} marked for review.`;
    $("confirm").hidden = false;
    $("confirm-submit").focus();
  });
  $("cancel").addEventListener("click", () => { $("confirm").hidden = true; });
  $("submit-form").addEventListener("submit", (e) => { e.preventDefault(); finish("Submitting…"); });

  // A second tab may have changed things: take the server's copy when this one comes back into view.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && test && !finishing && !pending.size && !sending) { leave(); load(); }
  });
  window.addEventListener("beforeunload", (e) => {
    if (test && !finishing) leave();
    if (pending.size || sending) { e.preventDefault(); e.returnValue = ""; }
  });

  // Inside the options (a radio group) the arrow keys move to the previous or next option and choose it, as
  // with native radio buttons; N and P change question.
  $("options").addEventListener("keydown", (e) => {
    const step = { arrowdown: 1, arrowright: 1, arrowup: -1, arrowleft: -1 }[e.key.toLowerCase()];
    if (!step || !test || finishing || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    const n = test.questions[current].options.length;
    const from = Number(document.activeElement.dataset.k);
    const to = ((Number.isNaN(from) ? 0 : from) + step + n) % n;
    choose(to);
    $("options").children[to].focus({ preventScroll: true });
  });

  onKeys((k) => {
    if (!test || finishing) return false;
    if (["1", "2", "3", "4"].includes(k)) choose(Number(k) - 1);
    else if (["a", "b", "c", "d"].includes(k)) choose("abcd".indexOf(k));
    else if (k === "n") go(current + 1);
    else if (k === "p") go(current - 1);
    else if (k === "m") toggleMark();
    else if (k === "x" || k === "delete" || k === "backspace") clearResponse();
    else return false;
    return true;
  });

  load();
}
