// The card browser's keys: / focuses the search, J/K move through the results, X ticks the current row,
// S and U suspend or unsuspend the current row (or the ticked rows, when some are ticked) through the page's own
// action form, so a key press is the same CSRF-protected POST as the button. Loaded as an ES module.
import { onKeys, rowCursor } from "./net.js";

const form = document.querySelector('[data-role="action-form"]');
const cursor = rowCursor('[data-role="results"] tbody tr', { focusOf: (row) => row.querySelector("a") });

function boxes() {
  return Array.from(document.querySelectorAll('[data-role="results"] input[name="items"]'));
}

function apply(action) {
  if (!form) return;
  if (!boxes().some((b) => b.checked)) {
    const row = cursor.row();
    if (!row) return;
    row.querySelector('input[name="items"]').checked = true;
  }
  form.querySelector('select[name="action"]').value = action;
  form.submit();
}

const tickPage = document.querySelector('[data-role="tick-page"]');
if (tickPage) tickPage.addEventListener("change", () => boxes().forEach((b) => { b.checked = tickPage.checked; }));

onKeys((key) => {
  if (key === "/") { document.querySelector('input[name="q"]').focus(); return true; }
  if (key === "j") { cursor.next(); return true; }
  if (key === "k") { cursor.prev(); return true; }
  if (key === "x" && cursor.row()) {
    const box = cursor.row().querySelector('input[name="items"]');
    box.checked = !box.checked;
    return true;
  }
  if (key === "s") { apply("suspend"); return true; }
  if (key === "u") { apply("unsuspend"); return true; }
  return false;
});
