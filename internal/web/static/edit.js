// The transactions page without reloads: a row's forms (category, notes,
// tags, hidden, undo a split) are sent with fetch, and the row the server
// renders again (its answer to the header X-Centavo-Row) takes the old
// one's place. Without this script, or when anything goes wrong, the same
// forms post as usual and the page comes back.
(function () {
  'use strict';
  if (!window.fetch || !window.URLSearchParams || !window.FormData || !Element.prototype.closest) { return; }
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.hasAttribute || !form.hasAttribute('data-inline')) { return; }
    var row = form.closest('tr[data-id]');
    if (!row) { return; }
    ev.preventDefault();
    var button = form.querySelector('button[type=submit]');
    if (button) { button.disabled = true; }
    row.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
      headers: { 'X-Centavo-Row': '1' }
    }).then(function (res) {
      var type = res.headers.get('Content-Type') || '';
      if ((!res.ok && res.status !== 422) || type.indexOf('text/html') !== 0) { throw new Error('status ' + res.status); }
      return res.text();
    }).then(function (html) {
      var holder = document.createElement('tbody');
      holder.innerHTML = html;
      var fresh = holder.querySelector('tr[data-id]');
      if (!fresh) { throw new Error('no row in the answer'); }
      var picked = row.querySelector('input[form=bulk]');
      var box = fresh.querySelector('input[form=bulk]');
      if (picked && box) { box.checked = picked.checked; }
      row.parentNode.replaceChild(fresh, row);
      fresh.classList.add('tx-saved');
      var focus = fresh.querySelector('[role=alert]') ? fresh.querySelector('.tx-edit summary') : null;
      if (focus) { focus.focus(); }
    }).catch(function () {
      form.submit(); // the plain form post: the page comes back
    });
  });
})();
