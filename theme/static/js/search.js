// Search page: loads Pagefind only here, shows results with the match highlighted, and
// filters honour entries by field and period. All interface text is Vietnamese.
(function () {
  "use strict";
  var form = document.querySelector("form.search-page");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var filtersBox = form.querySelector(".search-filters");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var bundle = form.getAttribute("data-bundle");
  // Set only by the long-running build: a small bundle of recent changes, merged below.
  var recent = form.getAttribute("data-recent");
  var hidden = {};
  var newWords = null;
  var FILTER_LABELS = { "loại": "Loại nội dung", "lĩnh vực": "Lĩnh vực", "giai đoạn": "Giai đoạn" };
  var engine = null;
  var chosen = {};
  var latest = 0;
  var timer = null;

  function load() {
    if (!engine) {
      engine = import(bundle).then(function (pagefind) {
        return pagefind.options({ excerptLength: 26, noWorker: true }).then(function () {
          return recent ? mergeRecent(pagefind) : pagefind.filters();
        }).then(function (filters) {
          showFilters(filters);
          return pagefind;
        });
      });
    }
    return engine;
  }

  // The recent bundle: what changed since the main one was made. Results its hidden.json
  // lists are dropped before anything is counted; its filter values are the current pages'
  // (docs/search.md).
  function mergeRecent(pagefind) {
    return fetch(recent + "hidden.json", { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (list) {
      list.hidden.forEach(function (id) { hidden[id] = true; });
      if (list.new_words) {
        newWords = { page: list.new_words.words_page, recent: {}, asked: new Map() };
        list.new_words.recent.forEach(function (id) { newWords.recent[id] = true; });
      }
      var merged = list.documents ? pagefind.mergeIndex(recent, { excerptLength: 26 }) : null;
      return Promise.resolve(merged).then(function () { return list.filters; });
    });
  }

  // Results of one Pagefind search, without those hidden, nor the main bundle's when the
  // query has a word only new pages resolve to (docs/search.md, "Words new to the site").
  function find(pagefind, query, options) {
    return Promise.all([pagefind.search(query, options), mainLeftOut(pagefind, query)]).then(function (both) {
      return both[0].results.filter(function (result) {
        return !hidden[result.id] && (!both[1] || newWords.recent[result.id]);
      });
    });
  }

  function mainLeftOut(pagefind, query) {
    if (!newWords || /^\s*".+"\s*$/.test(query)) return Promise.resolve(false);
    return Promise.all(query.split(" ").map(function (word) {
      if (!newWords.asked.has(word)) newWords.asked.set(word, newOnly(pagefind, word));
      return newWords.asked.get(word);
    })).then(function (each) { return each.indexOf(true) >= 0; });
  }

  // Whether the recent bundle's own results for the word (Pagefind searches each merged
  // bundle apart) are pages, but not its words page.
  function newOnly(pagefind, word) {
    return pagefind.search(word).then(function (search) {
      var ids = search.results.map(function (result) { return result.id; });
      return ids.some(function (id) { return newWords.recent[id]; }) && ids.indexOf(newWords.page) < 0;
    });
  }

  function showFilters(filters) {
    var names = Object.keys(filters).filter(function (n) { return Object.keys(filters[n]).length > 1; });
    names.forEach(function (name) {
      var id = "loc-" + name.replace(/\s+/g, "-");
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = FILTER_LABELS[name] || name;
      var select = document.createElement("select");
      select.id = id;
      select.appendChild(new Option("Tất cả", ""));
      Object.keys(filters[name]).sort(function (a, b) { return a.localeCompare(b, "vi"); })
        .forEach(function (value) { select.appendChild(new Option(value, value)); });
      select.addEventListener("change", function () {
        if (select.value) chosen[name] = select.value; else delete chosen[name];
        run();
      });
      var wrap = document.createElement("div");
      wrap.appendChild(label);
      wrap.appendChild(select);
      filtersBox.appendChild(wrap);
    });
    filtersBox.hidden = names.length === 0;
  }

  // Pagefind's excerpt is HTML with <mark>: keep its text and marks, nothing else.
  function excerptNode(html) {
    var out = document.createElement("p");
    out.className = "search-excerpt";
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // Results come PAGE at a time, each shown result costing a download; "Xem thêm" asks for more.
  var PAGE = 8;
  var more = document.querySelector(".search-more");

  function item(data) {
    var entry = document.createElement("li");
    var title = document.createElement("a");
    title.href = data.url;
    title.className = "search-title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    entry.appendChild(title);
    var period = data.filters && data.filters["giai đoạn"];
    var when = (data.meta && data.meta.date) || (period ? "Bảng vàng, giai đoạn " + period.join(", ") : "");
    if (when) {
      var date = document.createElement("p");
      date.className = "search-date";
      date.textContent = when;
      entry.appendChild(date);
    }
    entry.appendChild(excerptNode(data.excerpt || ""));
    return entry;
  }

  function showNext(results, shown, query, ticket) {
    return Promise.all(results.slice(shown, shown + PAGE).map(function (r) { return r.data(); }))
      .then(function (loaded) {
        if (ticket !== latest) return;
        rank(loaded, query).forEach(function (data) { list.appendChild(item(data)); });
        var next = shown + loaded.length;
        more.hidden = next >= results.length;
        more.onclick = function () { showNext(results, next, query, ticket); };
      });
  }

  function render(results, query, ticket) {
    list.textContent = "";
    more.hidden = true;
    return showNext(results, 0, query, ticket).then(function () {
      if (ticket !== latest) return;
      status.textContent = results.length
        ? "Tìm thấy " + results.length + " kết quả cho “" + query + "”."
        : "Không tìm thấy kết quả nào cho “" + query + "”. Hãy thử từ khóa khác.";
    });
  }

  // Words of a text, separated by single spaces and padded with one: " đảng viên ".
  function words(text) {
    return " " + text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim() + " ";
  }
  // Without tone and vowel marks, "đ" as "d": how a query typed without marks reads.
  function folded(text) {
    return words(text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D"));
  }

  // One page of results, in order: the query as a phrase in the title, then in the text,
  // before pages that only hold its words apart ("đa dạng … hội viên"); "d" and "đ" count as
  // one letter. A query typed with marks ("đảng viên") puts pages with exactly those marks
  // first, since without them it is also "đang" (currently). Within a rank the order stays.
  function rank(results, query) {
    var exact = words(query);
    var loose = folded(query);
    var marked = exact !== loose;
    function tier(data) {
      var title = (data.meta && data.meta.title) || "";
      var text = title + " " + (data.content || "");
      var checks = [
        marked && words(title).indexOf(exact) >= 0,
        marked && words(text).indexOf(exact) >= 0,
        folded(title).indexOf(loose) >= 0,
        folded(text).indexOf(loose) >= 0,
      ];
      var found = checks.indexOf(true);
      return found < 0 ? checks.length : found;
    }
    return results.map(function (data, index) { return { data: data, index: index, tier: tier(data) }; })
      .sort(function (a, b) { return (a.tier - b.tier) || (a.index - b.index); })
      .map(function (entry) { return entry.data; });
  }

  // Pagefind folds tone marks but not "đ". "đ" only starts a syllable, so a query word
  // starting with "d" is looked up both ways and kept in the spellings the index has
  // ("dang vien" finds "Đảng viên", "dan" still finds "Dân").
  function spellingsOf(pagefind, word) {
    if (!/^d/i.test(word)) return Promise.resolve([word]);
    var forms = [word, (word[0] === "D" ? "Đ" : "đ") + word.slice(1)];
    return Promise.all(forms.map(function (form) { return find(pagefind, form); }))
      .then(function (searches) {
        var known = forms.filter(function (form, i) { return searches[i].length > 0; });
        return known.length ? known : [word];
      });
  }

  function searchAll(pagefind, query) {
    return Promise.all(query.split(/\s+/).map(function (word) {
      return spellingsOf(pagefind, word);
    })).then(function (formsOfWords) {
      var queries = [""];
      formsOfWords.forEach(function (forms) {
        var next = [];
        queries.forEach(function (start) {
          forms.forEach(function (form) { next.push(start ? start + " " + form : form); });
        });
        queries = next.slice(0, 8);
      });
      return Promise.all(queries.map(function (q) {
        return find(pagefind, q, { filters: chosen });
      }));
    }).then(function (searches) {
      // Pages where the query's words stand side by side, in any of its spellings ("đảng
      // viên" for "dang vien"), come before pages that hold them apart; then Pagefind's score.
      // Word positions come with each result, so this costs no download.
      var count = query.split(/\s+/).length;
      var best = {};
      var together = {};
      searches.forEach(function (results) {
        results.forEach(function (result) {
          if (!best[result.id] || best[result.id].score < result.score) best[result.id] = result;
          together[result.id] = together[result.id] || side(result.words || [], count);
        });
      });
      return Object.keys(best).map(function (id) { return best[id]; })
        .sort(function (a, b) { return (together[b.id] - together[a.id]) || (b.score - a.score); });
    });
  }

  function side(positions, count) {
    if (count < 2) return true;
    var spots = positions.slice().sort(function (a, b) { return a - b; });
    for (var i = 1, run = 1; i < spots.length; i++) {
      run = spots[i] === spots[i - 1] + 1 ? run + 1 : 1;
      if (run >= count) return true;
    }
    return false;
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
    status.textContent = "Đang tìm…";
    load().then(function (pagefind) {
      return searchAll(pagefind, query);
    }).then(function (results) {
      if (ticket === latest) return render(results, query, ticket);
    }).catch(function () {
      if (ticket === latest) status.textContent = "Chưa tìm được lúc này. Hãy thử lại sau.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim()));
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  input.addEventListener("focus", load, { once: true });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
