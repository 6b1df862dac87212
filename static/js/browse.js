// The card browser's keys: / focuses the search, J/K move through the results, X ticks the current row,
// S and U suspend or unsuspend the current row (or the ticked rows, when some are ticked) through the page's own
// action form, so a key press is the same CSRF-protected POST as the button. Loaded as an ES module.
import { onKeys } from "./net.js";

const form = document.querySelector('[data-role="action-form"]');
const rows = () => Array.from(document.querySelectorAll('[data-role="results"] tbody tr'));
let current = -1;

function focusRow(i) {
  const all = rows();
  if (!all.length) return;
  current = Math.max(0, Math.min(all.length - 1, i));
  all.forEach((r, k) => r.classList.toggle("current", k === current));
  all[current].querySelector("a").focus();
}

function boxes() {
  return Array.from(document.querySelectorAll('[data-role="results"] input[name="items"]'));
}

function apply(action) {
  const all = rows();
  if (!form) return;
  if (!boxes().some((b) => b.checked)) {
    if (current < 0 || !all[current]) return;
    all[current].querySelector('input[name="items"]').checked = true;
  }
  form.querySelector('select[name="action"]').value = action;
  form.submit();
}

const tickPage = document.querySelector('[data-role="tick-page"]');
if (tickPage) tickPage.addEventListener("change", () => boxes().forEach((b) => { b.checked = tickPage.checked; }));

onKeys((key) => {
  if (key === "/") { document.querySelector('input[name="q"]').focus(); return true; }
  if (key === "j") { focusRow(current + 1); return true; }
  if (key === "k") { focusRow(current < 0 ? 0 : current - 1); return true; }
  if (key === "x" && current >= 0) {
    const box = rows()[current].querySelector('input[name="items"]');
    box.checked = !box.checked;
    return true;
  }
  if (key === "s") { apply("suspend"); return true; }
  if (key === "u") { apply("unsuspend"); return true; }
  return false;
});
