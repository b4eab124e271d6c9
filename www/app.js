/* app.js - a little progressive help on top of pages that work without it: numbers checked as
 * they are typed on the entry form, "select all" on review tables, a confirmation before a
 * delete, and keyboard access to boxes that scroll sideways. Nothing here is needed to read or
 * to submit anything. */
(function () {
  'use strict';
  var number = /^\s*(?:[≥≤≈约~]|>=|<=)?\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;
  var lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  var text = {
    zh: { notNumber: '不是有效数字', confirmDelete: '确定删除？删除会生成新的计划版本。', all: '全选' },
    en: { notNumber: 'not a number', confirmDelete: 'Delete? This makes a new plan version.', all: 'Select all' }
  }[lang];

  document.querySelectorAll('table.entry input[inputmode="decimal"]').forEach(function (input) {
    var note = document.createElement('span');
    note.className = 'error live';
    note.setAttribute('aria-live', 'polite');
    input.insertAdjacentElement('afterend', note);
    input.addEventListener('input', function () {
      var bad = input.value !== '' && !number.test(input.value);
      input.setAttribute('aria-invalid', bad ? 'true' : 'false');
      note.textContent = bad ? text.notNumber : '';
    });
  });

  document.querySelectorAll('table.review').forEach(function (table) {
    var head = table.querySelector('thead th');
    if (!head) return;
    var all = document.createElement('input');
    all.type = 'checkbox';
    all.setAttribute('aria-label', text.all);
    head.appendChild(all);
    all.addEventListener('change', function () {
      table.querySelectorAll('tbody input[type="checkbox"]').forEach(function (box) { box.checked = all.checked; });
    });
  });

  /* a table or box that scrolls sideways (style.css: wide tables, narrow screens) and holds
   * nothing the keyboard can reach takes the focus itself, so the keyboard can scroll it; it
   * gives it up when the window grows and it fits */
  var focusable = 'a[href], button, input, select, textarea, [tabindex]:not([data-scroll-focus])';
  function reachable() {
    document.querySelectorAll('main table, div.scroll, main figure').forEach(function (box) {
      var scrolls = /auto|scroll/.test(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth &&
        !box.querySelector(focusable);
      if (scrolls && !box.hasAttribute('tabindex')) {
        box.tabIndex = 0;
        box.setAttribute('data-scroll-focus', '');
      } else if (!scrolls && box.hasAttribute('data-scroll-focus')) {
        box.removeAttribute('tabindex');
        box.removeAttribute('data-scroll-focus');
      }
    });
  }
  reachable();
  window.addEventListener('resize', reachable);

  /* a form's error summary takes the focus, so the eye (and a screen reader) lands on it */
  var summary = document.querySelector('[data-focus]');
  if (summary) summary.focus();

  document.querySelectorAll('button[name="do"][value="delete"]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      if (!window.confirm(text.confirmDelete)) event.preventDefault();
    });
  });
})();
