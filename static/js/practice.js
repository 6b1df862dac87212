// Taking a practice test: one question at a time over /api/v1/practice, keyboard first, no framework.
// The server is the truth: every change is PUT at once (retried while offline), the countdown runs to the
// server's deadline, and a reload or a second tab starts again from what the server holds.
(function () {
  "use strict";
  const root = document.getElementById("test");
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const STATES = { "not-visited": "Not visited", "not-answered": "Not answered", answered: "Answered",
                   marked: "Marked for review", "answered-marked": "Answered & marked" };
  let test = null;        // GET /attempts/<id>
  let current = 0;        // index into test.questions
  let shownAt = 0;        // performance.now() when the current question was shown
  let deadlineAt = 0;     // performance.now() at the deadline (from the server's remaining_ms)
  let finishing = false;
  const pending = new Map(); // item_id -> body waiting to be sent (latest wins)
  let sending = false;
  let offline = false;
  let tick = null;

  function api(method, path, body) {
    return fetch(root.dataset.api + path, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: method === "PUT",  // a save sent as the page unloads still reaches the server
    });
  }

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
        res = await api("PUT", "/responses", body);
      } catch (e) {
        offline = true;
        showSaveState();
        await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** attempt++)));
        continue;
      }
      offline = false;
      attempt = 0;
      if (pending.get(itemId) === body) pending.delete(itemId);
      if (res.status === 409) { pending.clear(); sending = false; window.location.assign(root.dataset.results); return; }
      if (!res.ok) {
        // Refused (not a network problem): show the server's copy again, and say why.
        const err = await res.json().catch(() => ({}));
        sending = false;
        await load();
        status(`Not saved: ${err.message || res.status}`);
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
    box.textContent = "";
    q.options.forEach((o, k) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "option" + (q.choice === o.index ? " chosen" : "");
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", String(q.choice === o.index));
      b.dataset.letter = o.letter;
      b.textContent = `${o.letter}. ${o.text}`;
      b.addEventListener("click", () => choose(k));
      box.appendChild(b);
    });
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

  function clock() {
    const left = Math.max(0, deadlineAt - performance.now());
    const s = Math.ceil(left / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    $("time-left").textContent = (h ? `${h}:${String(m).padStart(2, "0")}` : String(m)) + `:${String(sec).padStart(2, "0")}`;
    if (left <= 0) finish("Time is up: submitting…");
  }

  async function waitSaved() {
    flush();
    while (pending.size || sending) await new Promise((r) => setTimeout(r, 200));
  }

  async function finish(message) {
    if (finishing) return;
    finishing = true;
    clearInterval(tick);
    leave();
    status(message);
    await waitSaved();
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await api("POST", "/submit");
        if (res.ok || res.status === 409) break;
        const err = await res.json().catch(() => ({}));
        status(`Could not submit: ${err.message || res.status}`);
        finishing = false;
        return;
      } catch (e) {
        status("Offline: the test will be submitted when the connection is back (the server also submits it at the deadline).");
        await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** attempt)));
      }
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
    deadlineAt = performance.now() + test.remaining_ms;
    if (keep) current = Math.max(0, test.questions.findIndex((q) => q.item_id === keep));
    else {
      const first = test.questions.findIndex((q) => !q.visited);
      current = first === -1 ? 0 : first;
    }
    render();
    clock();
    if (!tick) tick = setInterval(clock, 250);
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

  document.addEventListener("keydown", (e) => {
    if (!test || finishing || e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    const k = e.key.toLowerCase();
    let handled = true;
    if (["1", "2", "3", "4"].includes(k)) choose(Number(k) - 1);
    else if (["a", "b", "c", "d"].includes(k)) choose("abcd".indexOf(k));
    else if (k === "n" || k === "arrowright") go(current + 1);
    else if (k === "p" || k === "arrowleft") go(current - 1);
    else if (k === "m") toggleMark();
    else if (k === "x" || k === "delete" || k === "backspace") clearResponse();
    else handled = false;
    if (handled) e.preventDefault();
  });

  load();
})();
