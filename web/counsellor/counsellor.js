// Keeps the live part of a counsellor page up to date: long polls <data-live>?v=N and swaps in the server's HTML
// (rendered with autoescape on the server; no pupil text is ever built into markup here). Ticked compare boxes survive.
// What it says comes from the data-* attributes of #live-status (texts/<language>/counsellor_page.yml, live_status).
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || !box.dataset.live) { return; }
  var status = document.getElementById("live-status");
  var words = status ? status.dataset : {};
  var version = box.dataset.version || "-1";
  var delay = 0;

  function say(text) { if (status) { status.textContent = text; } }

  function swap(html) {
    var ticked = {};
    box.querySelectorAll("input[type=checkbox][name=c]:checked").forEach(function (el) { ticked[el.value] = true; });
    box.innerHTML = html;
    box.querySelectorAll("input[type=checkbox][name=c]").forEach(function (el) { if (ticked[el.value]) { el.checked = true; } });
  }

  function poll() {
    fetch(box.dataset.live + "?v=" + encodeURIComponent(version), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (res) {
        if (res.body.ended) {
          say(words.ended);
          box.setAttribute("aria-disabled", "true");
          return;
        }
        if (res.status === 401) { say(words.loggedOut); return; }
        // The class page sends its HTML after every wait, also when no turn changed the version: a pupil who has
        // made no progress for 3 minutes becomes "stuck" by the clock alone. Only a new version is announced.
        if (res.body.html !== undefined) {
          swap(res.body.html);
          if (String(res.body.v) !== String(version)) { say(words.updated); }
        }
        version = String(res.body.v);
        box.dataset.version = version;
        delay = 0;
        setTimeout(poll, 0);
      })
      .catch(function () {
        delay = Math.min(delay ? delay * 2 : 1000, 15000);
        say(words.offline);
        setTimeout(poll, delay);
      });
  }
  poll();
})();
