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
      if (response.ok) { return response.json(); }
      var error = new Error("HTTP " + response.status);
      error.status = response.status;
      return response.json().catch(function () { return {}; }).then(function (body) {
        error.code = body.error && body.error.code;
        error.text = body.error && body.error.message;
        throw error;
      });
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
    if (widget) { rating(widget, id); }
  }

  var NO_COOKIE = "Trình duyệt của bạn đang chặn cookie nên chưa gửi được đánh giá. Trang chỉ dùng một " +
                  "cookie để nhớ phiếu của bạn; hãy cho phép cookie với trang này rồi chấm lại.";

  /* One tap or click on a star rates at once. The stars stay a real radio group: arrow keys
     choose (the browser checks the radio and may fire a click for it, which is not a rating),
     Enter or Space rates the focused star. Nothing is disabled while a rating is on its way, so
     the keyboard focus stays on the star; a star chosen meanwhile is sent after it. */
  function rating(widget, id) {
    var form = widget.querySelector("form");
    var fieldset = form.querySelector("fieldset");
    var status = widget.querySelector("[data-rating-mine]");
    var recorded = null;  // the stars the endpoint holds for this browser
    var sending = false, next = null, arrowing = false;

    function check(stars) {
      form.querySelectorAll("input[name=stars]").forEach(function (input) {
        input.checked = Number(input.value) === stars;
      });
    }

    call("GET", "/stats?mine=1&ids=" + encodeURIComponent(id)).then(function (answer) {
      if (answer.articles.length) {
        recorded = answer.articles[0].mine || null;
        showRating(widget, answer.articles[0]);
      }
      fieldset.disabled = false;
    }).catch(function () { widget.classList.add("is-offline"); });

    /* The first rating of a browser is answered cookie_required with its token set: send it again,
       once. A second refusal means the browser does not keep cookies. */
    function post(stars, again) {
      return call("POST", "/ratings/" + id, { stars: stars }).catch(function (error) {
        if (again && error.code === "cookie_required") { return post(stars, false); }
        throw error;
      });
    }

    function send(stars) {
      check(stars);
      if (sending) { next = stars; return; }
      if (navigator.cookieEnabled === false) { check(recorded); status.textContent = NO_COOKIE; return; }
      sending = true;
      post(stars, true).then(function (answer) {
        recorded = answer.mine;
        showRating(widget, answer);
        status.textContent = "Cảm ơn bạn đã chấm " + answer.mine + " sao.";
      }).catch(function (error) {
        if (error.code === "cookie_required") {
          status.textContent = NO_COOKIE;
        } else if (error.status >= 400 && error.status < 500 && error.text) {
          status.textContent = "Chưa ghi được đánh giá: " + error.text;
        } else {
          status.textContent = "Chưa gửi được đánh giá, xin thử lại sau.";
        }
      }).then(function () {
        sending = false;
        var chosen = next;
        next = null;
        if (chosen !== null && chosen !== recorded) { send(chosen); } else { check(recorded); }
      });
    }

    form.addEventListener("keydown", function (event) {
      if (event.target.name !== "stars") { return; }
      if (event.key.indexOf("Arrow") === 0) { arrowing = true; return; }
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();  // no form submission, and no second rating from Space's own click
        send(Number(event.target.value));
      }
    });
    form.addEventListener("keyup", function () { arrowing = false; });
    form.addEventListener("click", function (event) {
      if (event.target.name !== "stars") { return; }
      if (arrowing) { return; }  // the browser's click for an arrow key: a choice, not yet a rating
      send(Number(event.target.value));
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // A star chosen with the arrows but not sent goes back to the one recorded when focus leaves.
    form.addEventListener("focusout", function (event) {
      if (!sending && !form.contains(event.relatedTarget)) { check(recorded); }
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
