// Share tools of an article, page or honour entry: the phone's share sheet (Zalo, Messenger,
// Facebook…: Zalo offers web pages no share address without its own script), copy-link and
// print. The buttons stay hidden unless this script runs and the browser can do the job, so a
// page without JavaScript shows no dead buttons; the Facebook link is a plain link.
(function () {
  "use strict";
  var tools = document.querySelector(".article-tools");
  if (!tools) return;
  var status = tools.querySelector(".tool-status");
  var url = tools.getAttribute("data-share-url") || location.href;
  var title = tools.getAttribute("data-share-title") || document.title;
  function say(text) { if (status) status.textContent = text; }
  function show(action, handler) {
    var button = tools.querySelector('[data-action="' + action + '"]');
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", handler);
  }
  function copy() {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () {
        say("Đã sao chép liên kết. Dán vào Zalo hoặc Messenger để gửi.");
      }, function () { say("Không sao chép được. Liên kết: " + url); });
    } else {
      say("Liên kết bài viết: " + url);
    }
  }
  if (window.print) show("print", function () { window.print(); });
  if (navigator.share) {
    show("share", function () {
      navigator.share({ title: title, url: url }).catch(function () {});
    });
  }
  show("copy", copy);
})();
