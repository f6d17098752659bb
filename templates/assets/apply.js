// Uploads a chosen file at once, with a progress bar; the form then only carries the upload's id.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.querySelector('form[data-upload-url]');
    if (!form || !window.FormData || !window.XMLHttpRequest) return;
    var csrf = form.querySelector('input[name="_csrf"]').value;
    form.querySelectorAll('[data-upload-field]').forEach(function (box) {
      var field = box.getAttribute('data-upload-field');
      var input = box.querySelector('input[type="file"]');
      var idInput = box.querySelector('input[name="' + field + '"]');
      var nameInput = box.querySelector('input[name="' + field + '.name"]');
      var status = box.querySelector('.upload-status');
      var bar = box.querySelector('progress');
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        if (!file) return;
        var data = new FormData();
        data.append('_csrf', csrf);
        data.append('field', field);
        data.append('file', file);
        var xhr = new XMLHttpRequest();
        xhr.open('POST', form.getAttribute('data-upload-url'));
        xhr.setRequestHeader('X-CSRF-Token', csrf);
        bar.hidden = false;
        bar.value = 0;
        status.textContent = '正在上传：' + file.name;
        xhr.upload.onprogress = function (e) {
          if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
        };
        xhr.onload = function () {
          bar.hidden = true;
          var body;
          try { body = JSON.parse(xhr.responseText); } catch { body = {}; }
          if (xhr.status === 201) {
            idInput.value = body.id;
            nameInput.value = body.filename;
            status.textContent = '已上传：' + body.filename;
            input.value = '';
          } else {
            status.textContent = '上传失败：' + (body.message || '请稍后重试');
          }
        };
        xhr.onerror = function () {
          bar.hidden = true;
          status.textContent = '上传失败：网络连接中断，请重试';
        };
        xhr.send(data);
      });
    });
  });
})();
