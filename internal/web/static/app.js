// The accounts page's script: while an account links, poll its status and reload
// the page when it changes. Every page works without it (a <noscript> meta
// refresh does the same, less gently).
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-poll');
  if (!url || !window.fetch) { return; }
  var seen = body.getAttribute('data-signature');
  var editing = false;
  // Never reload under someone typing in a form.
  document.addEventListener('input', function () { editing = true; });
  function tick() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (st) {
        if (!st) { setTimeout(tick, 5000); return; }
        if (st.signature !== seen && !editing) { window.location.reload(); return; }
        if (st.linking || editing) { setTimeout(tick, 1500); }
      })
      .catch(function () { setTimeout(tick, 5000); });
  }
  setTimeout(tick, 1500);
})();
