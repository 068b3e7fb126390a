// Live broadcast preview: while the facilitator types, ask the server for the preview
// fragment (the same one the "Lihat pratinjau" button shows). Pages work without this file.
(function () {
  var form = document.getElementById('form-siaran');
  var target = document.getElementById('pratinjau');
  if (!form || !target || !window.fetch || !window.FormData) return;
  var timer = null;
  function refresh() {
    var data = new URLSearchParams(new FormData(form));
    data.set('_sebagian', '1');
    if (!data.get('teks')) return;
    fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () {});
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  });
})();
