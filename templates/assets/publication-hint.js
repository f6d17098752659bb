// While the applicant types the name of the information, asks whether it has already been published
// (GET /api/v1/publications, same origin) and shows where. Progressive enhancement: without this file the
// check-your-answers page shows the same hint.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var title = document.getElementById('f-request-title');
    var docNo = document.getElementById('f-request-documentNumber');
    var agency = document.getElementById('f-agencyCode');
    var box = document.getElementById('publication-hint');
    if (!title || !box || !window.fetch) return;
    var timer = null;
    var last = '';
    function text(tag, value, className) {
      var el = document.createElement(tag);
      el.textContent = value;
      if (className) el.className = className;
      return el;
    }
    function cnDate(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
      return m ? m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : '';
    }
    function show(items) {
      while (box.firstChild) box.removeChild(box.firstChild);
      if (!items.length) { box.hidden = true; return; }
      box.appendChild(text('h2', '这些信息可能已经公开，不需要申请'));
      var list = document.createElement('ul');
      items.slice(0, 3).forEach(function (p) {
        var li = document.createElement('li');
        li.appendChild(text('strong', p.title));
        if (p.documentNumber) li.appendChild(text('span', '（' + p.documentNumber + '）'));
        li.appendChild(text('span', '：' + cnDate(p.publishedOn) + '公开于' + p.channelLabel + '，' + p.location));
        if (p.url && /^https?:\/\//.test(p.url)) {
          li.appendChild(document.createTextNode('，'));
          var a = text('a', '查看');
          a.href = p.url;
          a.rel = 'noopener noreferrer';
          li.appendChild(a);
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      box.appendChild(text('p', '如果这正是您要的信息，可以直接查看；不是的话，请继续填写申请。'));
      box.hidden = false;
    }
    function ask() {
      var q = (title.value + ' ' + (docNo ? docNo.value : '')).trim();
      if (q.length < 4 || q === last) return;
      last = q;
      var url = '/api/v1/publications?q=' + encodeURIComponent(q.slice(0, 200)) + (agency && agency.value ? '&agencyCode=' + encodeURIComponent(agency.value) : '');
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (last === q) show(Array.isArray(items) ? items : []); })
        .catch(function () { /* the review step shows the hint anyway */ });
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(ask, 500);
    }
    title.addEventListener('input', later);
    if (docNo) docNo.addEventListener('input', later);
    if (agency) agency.addEventListener('change', function () { last = ''; later(); });
    if (title.value) ask();
  });
})();
