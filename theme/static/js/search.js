/* The search page, where its results were not rendered on the server (the endpoint renders them for
   /tim-kiem/?q=..., so the page works without this script; a page served as a static file, as when
   the endpoint cannot be reached, has none): reads the query from the URL, asks the endpoint, and
   renders results with the same markup as theme/templates/_search.html.
   Every link is a plain URL, so results can be shared and the back button works. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  var box = document.querySelector("[data-search-results]");
  if (!form || !box || box.hasAttribute("data-search-rendered")) { return; }
  var api = (document.body.getAttribute("data-api") || "/api").replace(/\/$/, "");
  var number = new Intl.NumberFormat("vi-VN");
  var params = new URLSearchParams(window.location.search);
  var names = ["q", "category", "unit", "year", "sort"];

  names.forEach(function (name) {
    var field = form.elements[name];
    if (field && params.get(name)) { field.value = params.get(name); }
  });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* The endpoint's title_html and snippet: escaped text with matches in <mark>. Read in an inert
     document (DOMParser runs no script, loads nothing) and copied as text and <mark> elements only,
     so nothing else of it can ever become markup on the page. */
  function appendMarked(node, html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (part) {
      node.appendChild(part.nodeName === "MARK" ? element("mark", "", part.textContent)
                                                : document.createTextNode(part.textContent));
    });
  }

  function pageUrl(changes) {
    var next = new URLSearchParams(window.location.search);
    Object.keys(changes).forEach(function (key) {
      if (changes[key] === "" || changes[key] === null) { next.delete(key); } else { next.set(key, changes[key]); }
    });
    return "?" + next.toString();
  }

  function dateText(iso) {
    if (!iso) { return ""; }
    var parts = iso.slice(0, 10).split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  function render(answer) {
    box.textContent = "";
    var summary = element("p", "search-summary");
    summary.textContent = answer.total ? "Tìm thấy " + number.format(answer.total) + " kết quả" : "Không tìm thấy kết quả nào.";
    box.appendChild(summary);
    if (answer.suggestion) {
      var hint = element("p", "search-suggestion", "Có phải bạn muốn tìm: ");
      var link = element("a", "", answer.suggestion);
      link.href = pageUrl({ q: answer.suggestion, page: "" });
      hint.appendChild(link);
      box.appendChild(hint);
    }
    var facets = element("div", "search-facets");
    [["category", "Theo chuyên mục"], ["year", "Theo năm"]].forEach(function (pair) {
      var counts = answer.facets[pair[0]] || {};
      var keys = Object.keys(counts);
      if (!keys.length) { return; }
      var group = element("nav", "facet");
      group.setAttribute("aria-label", pair[1]);
      group.appendChild(element("h2", "", pair[1]));
      var list = element("ul");
      keys.forEach(function (key) {
        var item = element("li");
        var link = element("a", "", key + " (" + number.format(counts[key]) + ")");
        link.href = pageUrl({ [pair[0]]: key, page: "" });
        if (params.get(pair[0]) === key) { link.setAttribute("aria-current", "true"); }
        item.appendChild(link);
        list.appendChild(item);
      });
      group.appendChild(list);
      facets.appendChild(group);
    });
    box.appendChild(facets);
    // The hits' h3 titles sit under a heading of their own, whether or not facets came before.
    box.appendChild(element("h2", "visually-hidden", "Các kết quả"));
    var list = element("ol", "search-hits");
    list.start = (answer.page - 1) * answer.per_page + 1;
    answer.hits.forEach(function (hit) {
      var item = element("li", "search-hit");
      var title = element("h3");
      var link = element("a");
      link.href = (document.body.getAttribute("data-root") || "/") + hit.url;
      appendMarked(link, hit.title_html);
      title.appendChild(link);
      item.appendChild(title);
      item.appendChild(element("p", "meta", [dateText(hit.date), hit.category].filter(Boolean).join(" · ")));
      var snippet = element("p", "snippet");
      appendMarked(snippet, hit.snippet);
      item.appendChild(snippet);
      list.appendChild(item);
    });
    box.appendChild(list);
    if (answer.pages > 1) {
      var nav = element("nav", "pagination");
      nav.setAttribute("aria-label", "Phân trang kết quả");
      if (answer.page > 1) {
        var previous = element("a", "", "‹ Trang trước");
        previous.href = pageUrl({ page: answer.page - 1 });
        previous.rel = "prev";
        nav.appendChild(previous);
      }
      nav.appendChild(element("span", "", "Trang " + answer.page + "/" + answer.pages));
      if (answer.page < answer.pages) {
        var next = element("a", "", "Trang sau ›");
        next.href = pageUrl({ page: answer.page + 1 });
        next.rel = "next";
        nav.appendChild(next);
      }
      box.appendChild(nav);
    }
  }

  var query = params.get("q") || "";
  if (!query.trim()) { return; }  // the page already asks for a keyword
  box.textContent = "";
  box.appendChild(element("p", "search-summary", "Đang tìm…"));
  var request = new URLSearchParams();
  names.concat(["page"]).forEach(function (name) { if (params.get(name)) { request.set(name, params.get(name)); } });
  fetch(api + "/search?" + request.toString(), { headers: { "Accept": "application/json" } })
    .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
    .then(render)
    .catch(function () {
      box.textContent = "";
      box.appendChild(element("p", "search-unavailable",
        "Dịch vụ tìm kiếm tạm thời không dùng được. Xin thử lại sau ít phút."));
    });
})();
