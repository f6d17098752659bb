// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    // Move focus to the error summary so screen readers announce it (WCAG 3.3.1).
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();

    // Show only the sections that apply to the chosen answer (all are shown when scripts are off).
    var conditionals = document.querySelectorAll('[data-show-when]');
    function refresh() {
      conditionals.forEach(function (el) {
        var rule = el.getAttribute('data-show-when').split('=');
        var checked = document.querySelector('input[name="' + rule[0] + '"]:checked');
        el.hidden = !checked || checked.value !== rule[1];
      });
    }
    if (conditionals.length) {
      document.addEventListener('change', function (e) {
        if (e.target && e.target.type === 'radio') refresh();
      });
      refresh();
    }

    // One click submits once; the idempotency key covers what gets through anyway (back button, refresh).
    document.querySelectorAll('form').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        var submitter = e.submitter;
        if (submitter && submitter.getAttribute('formaction')) return;
        if (form.getAttribute('data-submitted') === '1') { e.preventDefault(); return; }
        form.setAttribute('data-submitted', '1');
        var button = form.querySelector('[data-prevent-double-submit]');
        if (button) button.setAttribute('aria-disabled', 'true');
      });
    });

    // Identity checks as the person leaves the field; the server checks again (GB 11643, GB 32100).
    document.querySelectorAll('[data-check]').forEach(function (input) {
      input.addEventListener('blur', function () {
        var live = document.getElementById(input.id + '-live');
        if (!live) return;
        var v = input.value.trim().toUpperCase();
        var kind = input.getAttribute('data-check');
        var message = '';
        if (kind === 'id') {
          var typeSelect = document.getElementById(input.id.replace(/idNumber$/, 'idType'));
          if (typeSelect && typeSelect.value && typeSelect.value !== 'RESIDENT_ID') { live.textContent = ''; return; }
          if (v.length === 18) message = residentIdOk(v) ? '' : '证件号码校验位不正确，请核对后重新填写';
          else if (v.length > 0) message = '居民身份证号码应为18位：17位数字加1位数字或X';
        } else if (kind === 'credit' && v.length > 0) {
          message = v.length !== 18 ? '统一社会信用代码应为18位，由数字和大写字母组成（不含I、O、Z、S、V）' : creditCodeOk(v) ? '' : '统一社会信用代码校验位不正确，请核对后重新填写';
        }
        live.textContent = message;
      });
    });
  });

  function residentIdOk(v) {
    if (!/^\d{17}[\dX]$/.test(v)) return false;
    var w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(v[i]) * w[i];
    return '10X98765432'[sum % 11] === v[17];
  }

  function creditCodeOk(v) {
    var chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    var w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    var sum = 0;
    for (var i = 0; i < 17; i++) {
      var n = chars.indexOf(v[i]);
      if (n < 0) return false;
      sum += n * w[i];
    }
    var c = (31 - (sum % 31)) % 31;
    return chars[c] === v[17];
  }
})();
