/* Visit counter widget (docs/counter.md): fills [data-counter], "—" if the API fails. */
(function () {
  "use strict";
  var els = document.querySelectorAll("[data-counter]"), nav = navigator;
  var path = location.pathname, api = "/api/counter/";
  if (!els.length || !window.fetch || !window.AbortController) return;
  var track = !(nav.doNotTrack === "1" || nav.globalPrivacyControl);
  var id = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (b) {
    return (b + 256).toString(16).slice(1);
  }).join("");

  function show(data) {
    for (var i = 0; i < els.length; i++) {
      var v = data && data[els[i].getAttribute("data-counter")];
      els[i].textContent = typeof v === "number" ?
        String(v).replace(/\B(?=(\d{3})+$)/g, ".") : "\u2014";
    }
  }

  function call(name, body) {
    var ctl = new AbortController();  // slow is down: give up after 5 s
    setTimeout(function () { ctl.abort(); }, 5000);
    var init = {signal: ctl.signal};
    if (body) {
      init.method = "POST";
      init.keepalive = true;
      init.headers = {"Content-Type": "application/json"};
      init.body = JSON.stringify(body);
    }
    return fetch(api + name, init).then(function (r) {
      if (!r.ok) throw r;
      return r.json();
    });
  }

  function hit(retry) {  // the same id: a retried view is counted once
    return call("hit", {path: path, id: id}).catch(function (e) {
      if (retry && !(e.status < 500)) return hit(false);
      throw e;
    });
  }

  function stats() {
    return call("stats?path=" + encodeURIComponent(path)).catch(function () {
      return call("stats");
    });
  }

  (track ? hit(true).catch(stats) : stats()).then(show, function () { show(); });
  if (track) {
    setInterval(function () {
      if (document.visibilityState === "visible") {
        call("hit", {path: path, ping: true}).then(show, function () {});
      }
    }, 60000);
  }
})();
