/* Reader widgets: view counts, star ratings and visitor statistics from the endpoint.
   When the endpoint is unreachable a widget gets .is-offline (the style sheet then hides its
   figures and shows its note) and nothing throws. */
(function () {
  "use strict";
  var api = (document.body.getAttribute("data-api") || "/api").replace(/\/$/, "");
  var number = new Intl.NumberFormat("vi-VN");
  var decimal = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

  function call(method, path, body) {
    var options = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (method === "POST") {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    return fetch(api + path, options).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function offline(nodes) {
    Array.prototype.forEach.call(nodes, function (node) { node.classList.add("is-offline"); });
  }

  function fill(root, selector, value) {
    root.querySelectorAll(selector).forEach(function (node) { node.textContent = value; });
  }

  function visitors() {
    var block = document.querySelector("[data-visitors-block]");
    if (!block) { return; }
    call("POST", "/visitors").then(function (counts) {
      if (typeof counts.total !== "number") { block.classList.add("is-offline"); return; }
      block.querySelectorAll("[data-visitors]").forEach(function (node) {
        var value = counts[node.getAttribute("data-visitors")];
        if (typeof value === "number") { node.textContent = number.format(value); }
      });
    }).catch(function () { block.classList.add("is-offline"); });
  }

  function showRating(widget, stats) {
    fill(widget, "[data-rating-sum]", number.format(stats.rating_sum));
    fill(widget, "[data-rating-count]", number.format(stats.rating_count));
    fill(widget, "[data-rating-average]",
         stats.rating_count ? "trung bình " + decimal.format(stats.rating_average) + "/5" : "chưa có đánh giá");
    var mine = widget.querySelector("[data-rating-mine]");
    if (stats.mine) {
      mine.textContent = "Bạn đã chấm " + stats.mine + " sao. Bạn có thể chấm lại.";
      var choice = widget.querySelector('input[value="' + stats.mine + '"]');
      if (choice) { choice.checked = true; }
    }
  }

  function article() {
    var page = document.querySelector("article[data-article-id]");
    if (!page) { return; }
    var id = page.getAttribute("data-article-id");
    call("POST", "/views/" + id).then(function (answer) {
      fill(page, "[data-views]", number.format(answer.views));
    }).catch(function () { offline(page.querySelectorAll(".views")); });

    var widget = page.querySelector("[data-rating]");
    if (!widget) { return; }
    var form = widget.querySelector("form");
    var fieldset = form.querySelector("fieldset");
    call("GET", "/stats?mine=1&ids=" + encodeURIComponent(id)).then(function (answer) {
      if (answer.articles.length) { showRating(widget, answer.articles[0]); }
      fieldset.disabled = false;
    }).catch(function () { widget.classList.add("is-offline"); });

    /* While a rating is on its way the button says so (aria-disabled) and a second press does
       nothing; the fieldset is not disabled, which would drop the keyboard focus to <body>. */
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.getAttribute("aria-disabled") === "true") { return; }
      var choice = form.querySelector("input[name=stars]:checked");
      var status = widget.querySelector("[data-rating-mine]");
      if (!choice) { status.textContent = "Hãy chọn số sao trước khi gửi."; return; }
      button.setAttribute("aria-disabled", "true");
      call("POST", "/ratings/" + id, { stars: Number(choice.value) }).then(function (answer) {
        showRating(widget, answer);
        status.textContent = "Cảm ơn bạn đã chấm " + answer.mine + " sao.";
      }).catch(function () {
        status.textContent = "Chưa gửi được đánh giá, xin thử lại sau.";
      }).then(function () { button.removeAttribute("aria-disabled"); });
    });
  }

  function listings() {
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-listing-id]"), 0, 100);
    if (!items.length) { return; }
    var ids = items.map(function (item) { return item.getAttribute("data-listing-id"); });
    call("GET", "/stats?ids=" + ids.map(encodeURIComponent).join(",")).then(function (answer) {
      var byId = {};
      answer.articles.forEach(function (stats) { byId[stats.id] = stats; });
      items.forEach(function (item) {
        var stats = byId[item.getAttribute("data-listing-id")];
        if (stats) { fill(item, "[data-views]", number.format(stats.views)); }
      });
    }).catch(function () {
      items.forEach(function (item) { offline(item.querySelectorAll(".views")); });
    });
  }

  visitors();
  article();
  listings();
})();
