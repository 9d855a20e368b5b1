// Development builds only (make devserver): reload the page after each rebuild, and show a
// build error over the page until it is fixed. Never included in a published site.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var shown = null;
  var seen = null;
  function showError(text) {
    if (!shown) {
      shown = document.createElement("div");
      shown.className = "dev-error";
      shown.setAttribute("role", "alert");
      var title = document.createElement("h2");
      title.textContent = "Trang chưa được cập nhật: nội dung có lỗi";
      var body = document.createElement("pre");
      shown.appendChild(title);
      shown.appendChild(body);
      document.body.appendChild(shown);
    }
    shown.querySelector("pre").textContent = text;
  }
  var events = new EventSource("/_dev/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (seen !== null && state.version > seen && !state.error) {
      location.reload();
      return;
    }
    seen = state.version;
    if (state.error) showError(state.error);
    else if (shown) { shown.remove(); shown = null; }
  };
})();
