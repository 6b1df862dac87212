// Study session: one item at a time over /api/v1/study, keyboard first, no framework.
(function () {
  "use strict";
  const root = document.getElementById("study");
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const filters = JSON.parse(root.dataset.filters || "{}");
  const $ = (role, scope) => (scope || root).querySelector(`[data-role="${role}"]`);
  const card = document.getElementById("card");
  const done = document.getElementById("done");
  const FAST_MS = 15000;
  let current = null;   // payload from /next
  let phase = "idle";   // question -> answered (mcq chosen or flipped) -> sending
  let shownAt = 0;
  let chosen = null;
  let derived = null;
  let answerId = null;

  function api(method, path, body) {
    return fetch(`/api/v1/study/${path}`, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  function status(text) { $("status").textContent = text || ""; }

  function setCounts(counts) {
    for (const k of ["new", "learning", "review"]) {
      root.querySelector(`[data-testid="count-${k}"]`).textContent = counts[k];
    }
  }

  function parseCounts(header) {
    const out = { new: 0, learning: 0, review: 0 };
    (header || "").split(",").forEach((kv) => { const [k, v] = kv.split("="); if (k in out) out[k] = Number(v); });
    return out;
  }

  async function load() {
    phase = "loading";
    const qs = new URLSearchParams(filters).toString();
    let res;
    try {
      res = await api("GET", "next" + (qs ? `?${qs}` : ""));
    } catch (e) {
      status("Offline: could not load the next item. Retrying…");
      setTimeout(load, 3000);
      return;
    }
    if (res.status === 204) {
      showDone(parseCounts(res.headers.get("X-Study-Counts")), res.headers.get("X-Study-Tomorrow"));
      return;
    }
    if (!res.ok) { status(`Could not load the next item (${res.status}).`); return; }
    current = await res.json();
    render();
  }

  function showDone(counts, tomorrow) {
    current = null;
    setCounts(counts);
    $("tomorrow", done).textContent = tomorrow == null ? "0" : String(tomorrow);
    card.hidden = true;
    done.hidden = false;
    phase = "done";
  }

  function render() {
    const it = current.item;
    setCounts(current.counts);
    done.hidden = true;
    card.hidden = false;
    $("type").textContent = it.type.toUpperCase();
    $("topic").textContent = it.topic || "";
    $("state").textContent = current.card.state;
    $("stem").textContent = it.stem;
    $("answer").hidden = true;
    $("ratings").hidden = true;
    $("reveal").hidden = it.reveal === "options";
    $("write").hidden = it.reveal !== "write";
    if (it.reveal === "write") $("write").href = `/writing/prompts/${encodeURIComponent(it.id)}`;
    const list = $("options");
    list.textContent = "";
    (it.options || []).forEach((opt, i) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "option";
      b.dataset.index = String(i);
      b.textContent = `${"ABCD"[i]}. ${opt}`;
      b.addEventListener("click", () => choose(i));
      li.appendChild(b);
      list.appendChild(li);
    });
    for (const n of ["1", "2", "3", "4"]) {
      const iv = current.intervals[n];
      root.querySelector(`[data-interval="${n}"]`).textContent = iv ? iv.label : "";
      root.querySelector(`.rate-${n}`).setAttribute("aria-pressed", "false");
    }
    chosen = null;
    derived = null;
    answerId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    shownAt = performance.now();
    phase = "question";
    status("");
    ($("reveal").hidden ? list.querySelector("button") : $("reveal"))?.focus({ preventScroll: true });
  }

  function showAnswer() {
    const it = current.item;
    $("answer").hidden = false;
    $("answer-text").textContent = it.reveal === "options" ? `Answer: ${"ABCD"[it.answer]}. ${it.options[it.answer]}` : (it.answer ? `Answer: ${it.answer}` : "");
    $("explanation").textContent = it.explanation || "";
    $("quote").textContent = it.quote || "";
    $("source").href = it.source_url;
    $("item-link").href = it.item_url;
    $("ratings").hidden = false;
    $("reveal").hidden = true;
    phase = "answered";
  }

  function choose(i) {
    if (phase !== "question" || current.item.reveal !== "options") return;
    chosen = i;
    const elapsed = Math.round(performance.now() - shownAt);
    const right = i === current.item.answer;
    derived = right ? (elapsed <= FAST_MS ? 4 : 3) : 1;
    root.querySelectorAll(".option").forEach((b) => {
      const idx = Number(b.dataset.index);
      b.disabled = true;
      if (idx === current.item.answer) b.classList.add("correct");
      if (idx === i && !right) b.classList.add("wrong");
    });
    $("verdict").textContent = right ? "Right." : "Wrong.";
    $("verdict").className = "verdict " + (right ? "ok" : "bad");
    root.querySelector(`.rate-${derived}`).setAttribute("aria-pressed", "true");
    showAnswer();
    root.querySelector(`.rate-${derived}`).focus({ preventScroll: true });
  }

  function reveal() {
    if (phase !== "question" || current.item.reveal === "options") return;
    $("verdict").textContent = "";
    showAnswer();
    root.querySelector(".rate-3").focus({ preventScroll: true });
  }

  async function rate(n) {
    if (phase !== "answered") return;
    phase = "sending";
    const body = {
      item_id: current.item.id,
      rating: n,
      duration_ms: Math.max(0, Math.round(performance.now() - shownAt)),
      answer_id: answerId,
    };
    if (chosen !== null) body.response = chosen;
    // The reply carries the next card too: one round trip per card.
    const qs = new URLSearchParams({ ...filters, next: "1" }).toString();
    let saved;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await api("POST", `answer?${qs}`, body);
        if (res.ok) { saved = await res.json().catch(() => null); break; }
        const err = await res.json().catch(() => ({}));
        status(`Not saved: ${err.message || res.status}`);
        phase = "answered";
        return;
      } catch (e) {
        status("Offline, retrying…");
        await new Promise((r) => setTimeout(r, Math.min(8000, 1000 * 2 ** attempt)));
      }
    }
    const next = saved && saved.next;
    if (!next) { await load(); return; }
    status("");
    if (next.item === null) { showDone(next.counts, next.tomorrow); return; }
    current = next;
    render();
  }

  async function undo() {
    const res = await api("POST", "undo", {});
    if (res.ok) { await load(); status("Undone."); }  // after load, which clears the status line
    else { const e = await res.json().catch(() => ({})); status(e.message || "Nothing to undo."); }
  }

  async function toggle(kind) {
    if (!current) return;
    const value = kind === "flag" ? !current.card.flagged : true;
    const res = await api("POST", kind === "flag" ? "flag" : "suspend", { item_id: current.item.id, value });
    if (!res.ok) { status("Could not save that."); return; }
    if (kind === "flag") { current.card.flagged = value; status(value ? "Flagged." : "Flag removed."); }
    else { await load(); status("Suspended."); }
  }

  $("reveal").addEventListener("click", reveal);
  root.querySelectorAll(".rate").forEach((b) => b.addEventListener("click", () => rate(Number(b.dataset.rating))));
  root.querySelectorAll('[data-role="undo"]').forEach((b) => b.addEventListener("click", undo));
  $("suspend").addEventListener("click", () => toggle("suspend"));
  $("flag").addEventListener("click", () => toggle("flag"));

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    const k = e.key.toLowerCase();
    let handled = true;
    if (k === "u") undo();
    else if (phase === "done") handled = false;
    else if (k === "s") toggle("suspend");
    else if (k === "f") toggle("flag");
    else if (k === " " || k === "enter") {
      if (phase === "question") reveal();
      else if (phase === "answered") rate(derived || 3);
      else handled = false;
    } else if (["1", "2", "3", "4"].includes(k)) {
      if (phase === "question" && current.item.reveal === "options") choose(Number(k) - 1);
      else if (phase === "answered") rate(Number(k));
      else handled = false;
    } else if (["a", "b", "c", "d"].includes(k) && phase === "question" && current && current.item.reveal === "options") {
      choose("abcd".indexOf(k));
    } else handled = false;
    if (handled) e.preventDefault();
  });

  load();
})();
