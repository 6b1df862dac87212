// The build progress page: polls the build's status (a GET, so no CSRF needed) until it is done or failed,
// and shows the step, the reason of a failure, or the links to the new questions. Loaded as an ES module
// (no inline scripts under the CSP); a network failure retries with net.js's backoff.
import { client, sleep, untilAnswered } from "./net.js";

const box = document.querySelector('[data-role="build"]');
const get = client("");
const role = (name) => box.querySelector(`[data-role="${name}"]`);
const STATE = { queued: "Waiting for the builder…", running: "Building…", done: "Done", failed: "Failed" };

function show(s) {
  box.dataset.state = s.state;
  role("state").textContent = STATE[s.state] || s.state;
  role("bar").max = s.total || 1;
  role("bar").value = s.done || 0;
  role("note").textContent = s.note || "";
  role("reason").hidden = !s.reason;
  role("reason").textContent = s.reason || "";
  role("done").hidden = s.state !== "done";
  if (s.state === "done") {
    role("summary").textContent = s.summary || "";
    role("review-link").href = s.review_url;
    role("document-link").href = s.document_url;
  }
}

async function poll() {
  let wait = 500;
  while (box.dataset.state !== "done" && box.dataset.state !== "failed") {
    await sleep(wait);
    wait = Math.min(wait * 1.5, 3000);
    const res = await untilAnswered(() => get("GET", box.dataset.statusUrl), {
      onRetry: () => { role("offline").hidden = false; },
    });
    role("offline").hidden = true;
    if (!res.ok) { role("note").textContent = `Could not read the build's status (${res.status}).`; return; }
    show(await res.json());
  }
}

if (box) poll();
