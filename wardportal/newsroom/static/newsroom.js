// Keeps what the officer types in this browser until the server has it: a dropped
// connection or a closed tab loses nothing. The copy lives in localStorage, under the form's
// data-draft key; it is offered back when the form opens with other text, and forgotten once
// the server confirms a save (the page after a save has data-saved on <main>).
(function () {
  "use strict";
  var PREFIX = "quan-tri:nhap:";
  var SENT = "quan-tri:da-gui";
  var FIELDS = ["tieu_de", "tom_tat", "chuyen_muc", "tu_khoa", "noi_dung", "ngay_dang"];
  var storage;
  try {
    storage = window.localStorage;
    storage.getItem(SENT);
  } catch (error) {
    return; // storage disabled: the form still works, without the local copy
  }

  var main = document.querySelector("main");
  if (main && main.hasAttribute("data-saved")) {
    var sent = window.sessionStorage.getItem(SENT);
    if (sent) storage.removeItem(sent);
    window.sessionStorage.removeItem(SENT);
  }

  var form = document.querySelector("form.article");
  if (!form || !form.dataset.draft) return;
  var key = PREFIX + form.dataset.draft;

  function values() {
    var result = {};
    FIELDS.forEach(function (name) {
      if (form.elements[name]) result[name] = form.elements[name].value;
    });
    return result;
  }

  var loaded = JSON.stringify(values());
  var kept = storage.getItem(key);
  if (kept && kept !== loaded) offer(JSON.parse(kept));

  form.addEventListener("input", function () {
    var now = JSON.stringify(values());
    if (now === loaded) storage.removeItem(key);
    else storage.setItem(key, now);
  });
  form.addEventListener("submit", function () {
    window.sessionStorage.setItem(SENT, key);
  });

  function offer(copy) {
    var box = document.createElement("div");
    box.className = "notice local-copy";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent =
      "Trình duyệt này còn giữ một bản bạn đang viết dở, chưa lưu lên máy chủ.";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Khôi phục bản đang viết dở";
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "secondary";
    drop.textContent = "Bỏ bản này";
    restore.addEventListener("click", function () {
      FIELDS.forEach(function (name) {
        if (form.elements[name] && name in copy) form.elements[name].value = copy[name];
      });
      box.remove();
    });
    drop.addEventListener("click", function () {
      storage.removeItem(key);
      box.remove();
    });
    box.append(text, restore, drop);
    form.before(box);
  }
})();

// A small toolbar over "Nội dung": bold, a section heading, a list, a link, written as the
// Markdown the officer would type (the textarea stays plain text).
(function () {
  "use strict";
  var body = document.getElementById("noi_dung");
  if (!body) return;
  var TOOLS = [
    ["Đậm", function (text) { return "**" + (text || "chữ đậm") + "**"; }],
    ["Tiêu đề mục", function (text) { return "\n## " + (text || "Tiêu đề mục") + "\n"; }],
    ["Danh sách", function (text) {
      return (text || "mục").split("\n").map(function (line) { return "- " + line; }).join("\n");
    }],
    ["Liên kết", function (text) { return "[" + (text || "chữ hiện ra") + "](https://)"; }],
  ];
  var bar = document.createElement("div");
  bar.className = "toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Công cụ định dạng");
  TOOLS.forEach(function (tool) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = tool[0];
    button.addEventListener("click", function () {
      var start = body.selectionStart, end = body.selectionEnd;
      var written = tool[1](body.value.slice(start, end));
      body.setRangeText(written, start, end, "end");
      body.focus();
      body.dispatchEvent(new Event("input", { bubbles: true })); // the local copy follows
    });
    bar.append(button);
  });
  body.before(bar);
  insertPhotoTool(body, bar);
})();

// "Chèn ảnh": uploads one photo (the server checks it, names it and commits it) and writes
// ![mô tả](images/…) where the cursor was. Without JavaScript the banner photo still works.
function insertPhotoTool(body, bar) {
  "use strict";
  var form = body.form;
  if (!form || !window.fetch || !window.FormData) return;
  var upload = form.getAttribute("action").replace(/\/bai-viet\/[^/]*$/, "/anh/tai-len");
  var open = document.createElement("button");
  open.type = "button";
  open.textContent = "Chèn ảnh";
  open.setAttribute("aria-expanded", "false");
  bar.append(open);

  var panel = document.createElement("div");
  panel.className = "insert-photo";
  panel.hidden = true;
  var fileLabel = document.createElement("label");
  fileLabel.textContent = "Ảnh để chèn";
  var file = document.createElement("input");
  file.type = "file";
  file.accept = "image/*";
  file.id = "chen_anh";
  fileLabel.htmlFor = file.id;
  var altLabel = document.createElement("label");
  altLabel.textContent = "Mô tả ảnh chèn";
  var alt = document.createElement("input");
  alt.id = "chen_anh_mo_ta";
  alt.maxLength = 300;
  altLabel.htmlFor = alt.id;
  var send = document.createElement("button");
  send.type = "button";
  send.textContent = "Tải ảnh lên và chèn";
  var message = document.createElement("p");
  message.setAttribute("role", "status");
  panel.append(fileLabel, file, altLabel, alt, send);
  bar.after(panel);
  panel.after(message);
  alt.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {  // not the article form's submit
      event.preventDefault();
      send.click();
    }
  });

  var cursor = { start: 0, end: 0 };
  open.addEventListener("click", function () {
    cursor = { start: body.selectionStart, end: body.selectionEnd };
    panel.hidden = !panel.hidden;
    open.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) file.focus();
  });

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "error" : "";
  }

  send.addEventListener("click", function () {
    if (!file.files.length) return say("Hãy chọn một ảnh để chèn.", true);
    if (!alt.value.trim()) return say("Hãy nhập mô tả ảnh: ảnh chụp gì.", true);
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("tieu_de", form.elements.tieu_de ? form.elements.tieu_de.value : "");
    data.append("mo_ta", alt.value);
    data.append("anh", file.files[0]);
    send.disabled = true;
    say("Đang tải ảnh lên…", false);
    fetch(upload, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (answer) {
        if (answer.ok) return answer.json();
        return answer.text().then(function (text) {
          var page = new DOMParser().parseFromString(text, "text/html");
          var alert = page.querySelector("[role=alert]");
          throw new Error(alert ? alert.textContent : "Máy chủ trả lời mã " + answer.status + ".");
        });
      })
      .then(function (stored) {
        body.setRangeText(stored.markdown, cursor.start, cursor.end, "end");
        body.dispatchEvent(new Event("input", { bubbles: true }));
        say("Đã chèn ảnh " + stored.path + ".", false);
        file.value = "";
        alt.value = "";
        panel.hidden = true;
        open.setAttribute("aria-expanded", "false");
        body.focus();
      })
      .catch(function (error) {
        say("Không chèn được ảnh: " + error.message, true);
      })
      .finally(function () {
        send.disabled = false;
      });
  });
}

// Autosave to the server while online: every 30 s when the text changed, and when the tab is
// hidden (the phone locks, another app opens). The server keeps one copy per account and
// article and offers it back when the form opens again; it never writes the article file.
(function () {
  "use strict";
  var form = document.querySelector("form.article");
  if (!form || !form.dataset.autosave || !window.fetch || !window.FormData) return;
  var NAMES = ["csrf_token", "bai", "phien_ban", "tieu_de", "tom_tat", "chuyen_muc",
    "tu_khoa", "noi_dung", "ngay_dang", "mo_ta_anh"];
  var status = document.createElement("p");
  status.className = "autosave-status hint";
  status.setAttribute("role", "status");
  var buttons = form.querySelector(".buttons");
  if (buttons) buttons.before(status);

  function text() {
    return NAMES.map(function (name) {
      return form.elements[name] ? form.elements[name].value : "";
    }).join("\u0000");
  }
  var sent = text();
  var sending = false;

  function send() {
    var now = text();
    if (sending || now === sent || navigator.onLine === false) return;
    var data = new FormData();
    NAMES.forEach(function (name) {
      if (form.elements[name]) data.append(name, form.elements[name].value);
    });
    sending = true;
    fetch(form.dataset.autosave, {
      method: "POST", body: data, credentials: "same-origin", keepalive: now.length < 30000,
    })
      .then(function (answer) {
        if (!answer.ok) throw new Error(String(answer.status));
        return answer.json();
      })
      .then(function (saved) {
        sent = now;
        status.textContent = "Đã lưu tự động lúc " + saved.saved_at + ".";
      })
      .catch(function () {
        status.textContent = "Chưa lưu tự động lên máy chủ được; trình duyệt vẫn giữ bản này.";
      })
      .finally(function () {
        sending = false;
      });
  }

  window.setInterval(send, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send();
  });
  window.addEventListener("online", send);
  form.addEventListener("submit", function () {
    sent = text(); // the save itself keeps it
  });
})();

// The progress of a publishing build ("Duyệt và đăng"): while the server says a build runs
// (data-poll on the status box), fetch the box again every 2 s and put it in place, until it
// says the site is updated (with the link to the live article) or what failed. Only the box
// changes: nothing typed in the page is touched.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) return;

  function poll() {
    var box = document.getElementById("xuat-ban");
    if (!box || !box.dataset.poll) return;
    window.setTimeout(function () {
      fetch(box.dataset.poll, { credentials: "same-origin" })
        .then(function (answer) {
          if (!answer.ok) throw new Error(String(answer.status));
          return answer.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("xuat-ban");
          if (fresh) box.replaceWith(document.importNode(fresh, true));
          poll();
        })
        .catch(function () {
          poll(); // a dropped connection: try again
        });
    }, 2000);
  }
  poll();
})();
