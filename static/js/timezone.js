// Registration: send the browser's IANA time zone, so times show in it from the first page (CSP-safe: a file).
(function () {
  "use strict";
  var field = document.querySelector('input[name="timezone"][data-browser-zone]');
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    field.value = "";
  }
})();
