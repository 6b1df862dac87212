// The review queue's keys: J/K move through the items, A approves, E edits, H puts the cursor in the hold
// reason (Enter then holds), R retires. Each key presses the item's own button, so it is the same
// CSRF-protected POST. On the edit page, "Use selection" turns a text selection in the source into the
// quote's offsets. Loaded as an ES module (no inline scripts under the CSP).
import { onKeys, rowCursor } from "./net.js";

const cursor = rowCursor(".review-row", { scroll: true });

function press(action) {
  const row = cursor.row() || cursor.rows()[0];
  if (!row) return false;
  const el = row.querySelector(`[data-action="${action}"]`);
  if (!el) return false;
  if (action === "hold") { row.querySelector('[data-role="hold-reason"]').focus(); return true; }
  el.click();
  return true;
}

if (document.querySelector('[data-role="queue"]')) {
  onKeys((key) => {
    if (key === "j") { cursor.next(); return true; }
    if (key === "k") { cursor.prev(); return true; }
    const action = { a: "approve", e: "edit", h: "hold", r: "retire" }[key];
    return action ? press(action) : false;
  });
}

const use = document.querySelector('[data-role="use-selection"]');
if (use) {
  use.addEventListener("click", () => {
    const source = document.querySelector('[data-role="source"]');
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !source.contains(sel.anchorNode)) return;
    const range = sel.getRangeAt(0);
    const pre = document.createRange();
    pre.selectNodeContents(source);
    pre.setEnd(range.startContainer, range.startOffset);
    const offset = Number(source.dataset.offset);
    const start = offset + pre.toString().length;
    document.querySelector('input[name="start"]').value = start;
    document.querySelector('input[name="end"]').value = start + range.toString().length;
  });
}
