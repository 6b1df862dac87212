// Study session: one item at a time over the study API, keyboard first, no framework.
// Every URL comes from the page (data-api, data-answer, ...), as url_for built it.
import { backoff, client, onKeys, reason, untilAnswered } from "./net.js";

const root = document.getElementById("study");
if (root) {
  const urls = root.dataset;
  const api = client("");
  const filters = JSON.parse(root.dataset.filters || "{}");
  const $ = (role, scope) => (scope || root).querySelector(`[data-role="${role}"]`);
  const card = document.getElementById("card");
  const done = document.getElementById("done");
  const FAST_MS = 15000;
  const LETTERS = "ABCDEF";  // option letters: MCQs have 2–6 options (imports keep their count)
  let current = null;   // payload from /next
  let phase = "idle";   // question -> answered (mcq chosen or flipped) -> sending
  let shownAt = 0;
  let chosen = null;
  let derived = null;
  let answerId = null;
  let loadFailures = 0;
  const undoable = [];  // what U takes back, newest last: {kind: "answer"}, or {kind: "suspend" | "skip", item}

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
      res = await api("GET", urls.api + (qs ? `?${qs}` : ""));
    } catch (e) {
      status("Offline: could not load the next item. Retrying…");
      setTimeout(load, backoff(loadFailures++, 1000, 8000));
      return;
    }
    loadFailures = 0;
    if (res.status === 204) {
      showDone(parseCounts(res.headers.get("X-Study-Counts")), res.headers.get("X-Study-Tomorrow"));
      return;
    }
    if (!res.ok) { status(`Could not load the next item (${res.status}).`); return; }
    current = await res.json();
    render();
  }

  function minutesText(seconds) {
    if (seconds < 60) return `${seconds} s`;
    return `${Math.round(seconds / 60)} min`;
  }

  async function showSummary() {
    const res = await api("GET", urls.summary).catch(() => null);
    if (!res || !res.ok) return;
    const s = await res.json();
    $("sum-answered", done).textContent = String(s.answered);
    $("sum-right", done).textContent = String(s.right);
    $("sum-time", done).textContent = minutesText(s.seconds);
    $("tomorrow", done).textContent = String(s.tomorrow);
    const list = $("sum-missed", done);
    list.textContent = "";
    for (const m of s.missed) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = m.url;
      a.textContent = m.stem;
      li.appendChild(a);
      list.appendChild(li);
    }
    $("sum-missed-none", done).hidden = s.missed.length > 0;
    $("summary", done).hidden = s.answered === 0;
  }

  function showDone(counts, tomorrow) {
    current = null;
    setCounts(counts);
    $("tomorrow", done).textContent = tomorrow == null ? "0" : String(tomorrow);
    card.hidden = true;
    done.hidden = false;
    phase = "done";
    showSummary();
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
    // An essay is answered on the writing page, which rates it from what was written: no reveal, no rating keys.
    $("reveal").hidden = it.reveal !== "flip";
    $("write").hidden = it.reveal !== "write";
    $("keys").hidden = it.reveal === "write";  // no reveal or rating keys for an essay
    $("write-keys").hidden = it.reveal !== "write";
    $("skip").hidden = it.reveal !== "write";  // an essay with no time today must not block the cards behind it
    if (it.reveal === "write") {
      $("write").href = urls.write.replace("__item__", encodeURIComponent(it.id));
      $("write").textContent = it.time_limit_minutes ? `Write (${it.time_limit_minutes} min)` : "Write";
    }
    const list = $("options");
    list.textContent = "";
    const count = (it.options || []).length;
    $("last-key").textContent = count >= 2 ? LETTERS[Math.min(count, LETTERS.length) - 1] : "D";
    $("flag-after").hidden = count < 6;
    (it.options || []).forEach((opt, i) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "option";
      b.dataset.index = String(i);
      b.textContent = `${LETTERS[i]}. ${opt}`;
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
    phase = it.reveal === "write" ? "write" : "question";
    status("");
    const first = it.reveal === "write" ? $("write") : ($("reveal").hidden ? list.querySelector("button") : $("reveal"));
    first?.focus({ preventScroll: true });
  }

  function showAnswer() {
    const it = current.item;
    $("answer").hidden = false;
    $("answer-text").textContent = it.reveal === "options" ? `Answer: ${LETTERS[it.answer]}. ${it.options[it.answer]}` : (it.answer ? `Answer: ${it.answer}` : "");
    $("explanation").textContent = it.explanation || "";
    $("quote").textContent = it.imported ? it.imported + (it.also_stated ? ` · also stated in ${it.also_stated}` : "") : (it.quote || "");
    $("source").hidden = !it.source_url;
    if (it.source_url) $("source").href = it.source_url;
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
    // The same answer_id on every try: the server records the answer once however often it arrives.
    const res = await untilAnswered(() => api("POST", `${urls.answer}?${qs}`, body),
                                    { onRetry: () => status("Offline, retrying…") });
    if (!res.ok) {
      status(`Not saved: ${await reason(res)}`);
      phase = "answered";
      return;
    }
    const saved = await res.json().catch(() => null);
    undoable.push({ kind: "answer" });
    const next = saved && saved.next;
    if (!next) { await load(); return; }
    status("");
    if (next.item === null) { showDone(next.counts, next.tomorrow); return; }
    current = next;
    render();
  }

  async function undo() {
    const last = undoable.pop();
    if (last && (last.kind === "suspend" || last.kind === "skip")) {
      const back = await api("POST", last.kind === "skip" ? urls.skip : urls.suspend, { item_id: last.item, value: false });
      if (back.ok) { await load(); status(last.kind === "skip" ? "Skip undone." : "Suspend undone."); }
      else { undoable.push(last); status(`Could not undo the ${last.kind}.`); }
      return;
    }
    const res = await api("POST", urls.undo, {});
    if (res.ok) { await load(); status("Undone."); }  // after load, which clears the status line
    else { const e = await res.json().catch(() => ({})); status(e.message || "Nothing to undo."); }
  }

  // F on an unflagged card asks why (wrong key, unclear, ...): the flag then reaches the item's review queue.
  const flagForm = $("flag-form");
  function askFlag() {
    flagForm.hidden = false;
    $("flag-reason", flagForm).focus();
  }
  flagForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!current) return;
    const body = { item_id: current.item.id, value: true, reason: $("flag-reason", flagForm).value,
      note: $("flag-note", flagForm).value };
    const res = await api("POST", urls.flag, body);
    if (!res.ok) { status("Could not save the flag."); return; }
    current.card.flagged = true;
    flagForm.hidden = true;
    $("flag-note", flagForm).value = "";
    status("Flagged: its reviewers will see it.");
  });
  $("flag-cancel").addEventListener("click", () => { flagForm.hidden = true; });

  async function toggle(kind) {
    if (!current) return;
    if (kind === "flag" && !current.card.flagged) { askFlag(); return; }
    const value = kind === "flag" ? !current.card.flagged : true;
    const res = await api("POST", kind === "flag" ? urls.flag : urls.suspend, { item_id: current.item.id, value });
    if (!res.ok) { status("Could not save that."); return; }
    if (kind === "flag") { current.card.flagged = value; status(value ? "Flagged." : "Flag removed."); }
    else { undoable.push({ kind: "suspend", item: current.item.id }); await load(); status("Suspended. U undoes it."); }
  }

  async function skip() {
    if (!current || phase !== "write") return;
    const item = current.item.id;
    const res = await api("POST", urls.skip, { item_id: item });
    if (!res.ok) { status(`Could not skip: ${await reason(res)}`); return; }
    undoable.push({ kind: "skip", item });
    await load();
    status("Skipped until tomorrow. U undoes it.");
  }

  $("reveal").addEventListener("click", reveal);
  $("skip").addEventListener("click", skip);
  root.querySelectorAll(".rate").forEach((b) => b.addEventListener("click", () => rate(Number(b.dataset.rating))));
  root.querySelectorAll('[data-role="undo"]').forEach((b) => b.addEventListener("click", undo));
  $("suspend").addEventListener("click", () => toggle("suspend"));
  $("flag").addEventListener("click", () => toggle("flag"));

  // The option a key picks on the open question, by letter (A–F) or number, counted on this item's
  // own options; null when the key picks none.
  function optionKey(k) {
    if (phase !== "question" || !current || current.item.reveal !== "options") return null;
    const n = (current.item.options || []).length;
    let i = LETTERS.toLowerCase().indexOf(k);
    if (i < 0 && k.length === 1 && k >= "1" && k <= "9") i = Number(k) - 1;
    return k.length === 1 && i >= 0 && i < n ? i : null;
  }

  onKeys((k) => {
    let handled = true;
    if (k === "u") undo();
    else if (phase === "done") handled = false;
    else if (phase === "write") {  // an essay: skip, suspend and flag; Enter follows the focused Write link
      if (k === "k") skip();
      else if (k === "s") toggle("suspend");
      else if (k === "f") toggle("flag");
      else handled = false;
    }
    // An imported MCQ may have up to six options, so its letters run to E and F; while such a question
    // is open F picks option F, and the flag is the button or F once it is answered.
    else if (optionKey(k) !== null) choose(optionKey(k));
    else if (k === "s") toggle("suspend");
    else if (k === "f") toggle("flag");
    else if (k === " " || k === "enter") {
      if (phase === "question") reveal();
      else if (phase === "answered") rate(derived || 3);
      else handled = false;
    } else if (["1", "2", "3", "4"].includes(k) && phase === "answered") rate(Number(k));
    else handled = false;
    return handled;
  });

  load();
}
