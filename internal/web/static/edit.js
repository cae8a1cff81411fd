// The transactions page without reloads: a row's forms (category, notes,
// tags, hidden, undo a split) are sent with fetch, and the row the server
// renders again (its answer to the header X-Centavo-Row) takes the old
// one's place; "Split…" opens the split page's form in a dialog, sent the
// same way. Without this script, or when anything goes wrong, the same
// forms post as usual and the page comes back.
(function () {
  'use strict';
  if (!window.fetch || !window.URLSearchParams || !window.FormData || !window.DOMParser || !Element.prototype.closest) { return; }
  var dialog = null; // the split dialog, made on first use
  var splitRow = null; // the row whose split is open

  // send posts form for the row and puts the answer's row in its place
  // (true); onPage handles a refused split (a whole page answered: false).
  function send(form, row, onPage) {
    var button = form.querySelector('button[type=submit]');
    if (button) { button.disabled = true; }
    row.setAttribute('aria-busy', 'true');
    return fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
      headers: { 'X-Centavo-Row': '1' }
    }).then(function (res) {
      var type = res.headers.get('Content-Type') || '';
      if ((!res.ok && res.status !== 422) || type.indexOf('text/html') !== 0) { throw new Error('status ' + res.status); }
      return res.text();
    }).then(function (html) {
      if (onPage && html.indexOf('<!doctype') === 0) { row.removeAttribute('aria-busy'); onPage(html); return false; }
      var holder = document.createElement('tbody');
      holder.innerHTML = html;
      var fresh = holder.querySelector('tr[data-id]');
      if (!fresh) { throw new Error('no row in the answer'); }
      var picked = row.querySelector('input[form=bulk]');
      var box = fresh.querySelector('input[form=bulk]');
      if (picked && box) { box.checked = picked.checked; }
      row.parentNode.replaceChild(fresh, row);
      fresh.classList.add('tx-saved');
      if (fresh.querySelector('[role=alert]')) { fresh.querySelector('.tx-edit summary').focus(); }
      return true;
    });
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.hasAttribute) { return; }
    if (form.classList.contains('split-form') && dialog && dialog.contains(form) && splitRow) {
      ev.preventDefault();
      send(form, splitRow, showSplit).then(function (placed) {
        if (placed) { dialog.close(); }
      }).catch(function () { form.submit(); });
      return;
    }
    if (!form.hasAttribute('data-inline')) { return; }
    var row = form.closest('tr[data-id]');
    if (!row) { return; }
    ev.preventDefault();
    send(form, row).catch(function () {
      form.submit(); // the plain form post: the page comes back
    });
  });

  // showSplit puts the split page's form (and its message) in the dialog.
  function showSplit(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var card = doc.querySelector('main section.card');
    if (!card) { throw new Error('no split form'); }
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.className = 'split-dialog';
      dialog.setAttribute('aria-label', 'Split a transaction');
      document.body.appendChild(dialog);
    }
    dialog.innerHTML = '';
    dialog.appendChild(document.importNode(card, true));
    var cancel = dialog.querySelector('.form-actions a');
    if (cancel) {
      cancel.addEventListener('click', function (e) { e.preventDefault(); dialog.close(); });
    }
    if (!dialog.open) { dialog.showModal(); }
    var first = dialog.querySelector('[role=alert]') || dialog.querySelector('input');
    if (first) { first.focus(); }
  }

  document.addEventListener('click', function (ev) {
    var link = ev.target.closest && ev.target.closest('a[data-split]');
    if (!link || typeof HTMLDialogElement !== 'function') { return; }
    var row = link.closest('tr[data-id]');
    if (!row) { return; }
    ev.preventDefault();
    splitRow = row;
    fetch(link.href, { credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) { throw new Error('status ' + res.status); }
      return res.text();
    }).then(showSplit).catch(function () { window.location.href = link.href; });
  });
})();
