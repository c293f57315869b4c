/* The desk's only script (part of toandan, under the project's licence). It only enhances: every
   page works without it. A toolbar that writes Markdown into the body, and statistics read back
   while they are typed, by the same parsers the server uses (GET doc-so). */
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "";

  function toolbar(body) {
    var tools = [
      ["Đậm", "**", "**", "chữ đậm"], ["Nghiêng", "*", "*", "chữ nghiêng"], ["Tiêu đề", "\n## ", "\n", "Tiêu đề mục"],
      ["Danh sách", "\n- ", "\n", "ý thứ nhất"], ["Liên kết", "[", "](https://)", "chữ của liên kết"],
      ["Ảnh", "![", "](images/ten-anh.jpg)", "mô tả ảnh"]
    ];
    var bar = document.createElement("div");
    bar.className = "toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Định dạng nội dung");
    tools.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = tool[0];
      button.addEventListener("click", function () {
        var start = body.selectionStart, end = body.selectionEnd;
        var chosen = body.value.slice(start, end) || tool[3];
        body.setRangeText(tool[1] + chosen + tool[2], start, end, "end");
        body.focus();
      });
      bar.appendChild(button);
    });
    body.parentNode.insertBefore(bar, body);
  }

  function show(span, reading) {
    span.textContent = reading.error || reading.text || "";
    span.classList.toggle("error", Boolean(reading.error));
  }

  function liveRow(row) {
    var timer = null;
    var cells = {
      indicator: row.querySelector("[name=stat_indicator]"),
      value: row.querySelector("[name=stat_value]"),
      period: row.querySelector("[name=stat_period]")
    };
    function check() {
      if (!cells.value.value && !cells.period.value) { return; }
      var query = new URLSearchParams({"chi-tieu": cells.indicator.value, "gia-tri": cells.value.value,
                                       "ky": cells.period.value});
      fetch(base + "/doc-so?" + query.toString(), {credentials: "same-origin"})
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (reading) {
          if (!reading) { return; }
          show(row.querySelector("[data-reading=value]"), reading.value);
          show(row.querySelector("[data-reading=period]"), reading.period);
        })
        .catch(function () { /* offline or leaving the page: the server checks on saving */ });
    }
    Object.keys(cells).forEach(function (name) {
      cells[name].addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(check, 400);
      });
    });
  }

  function tagHints(input) {
    Array.prototype.forEach.call(document.querySelectorAll(".tag-hints li"), function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item.textContent;
      button.setAttribute("aria-label", "Thêm thẻ " + item.textContent);
      button.addEventListener("click", function () {
        var tags = input.value.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
        if (tags.indexOf(button.textContent) < 0) { tags.push(button.textContent); }
        input.value = tags.join(", ");
      });
      item.textContent = "";
      item.appendChild(button);
    });
  }

  function busyWhileBuilding(form) {
    // Publishing builds the whole site: say so, and send the form once (a second press would be
    // refused as a save over a changed file).
    var busy = false;
    form.addEventListener("submit", function (event) {
      var action = event.submitter && event.submitter.value;
      if (busy) { event.preventDefault(); return; }
      if (action === "xuat-ban" || action === "go-bai") {
        busy = true;
        var note = document.createElement("p");
        note.className = "notice";
        note.setAttribute("role", "status");
        note.textContent = "Đang dựng lại trang, có thể mất một lúc. Xin đừng đóng trang này.";
        event.submitter.parentNode.appendChild(note);
      }
    });
  }

  function livePreview(form) {
    // The same preview as the button's, sent to the frame under the form a moment after typing
    // stops; the photo inputs are left out (a preview uploads nothing).
    var section = document.getElementById("xem-truoc-truc-tiep");
    var button = form.querySelector("button[value=xem-truoc]");
    if (!section || !button || !form.requestSubmit) { return; }
    var frame = section.querySelector("iframe").name;
    var timer = null;
    function refresh() {
      var photos = form.querySelectorAll("input[type=file]");
      var target = button.formTarget;
      Array.prototype.forEach.call(photos, function (input) { input.disabled = true; });
      button.formTarget = frame;
      form.requestSubmit(button);
      button.formTarget = target;
      Array.prototype.forEach.call(photos, function (input) { input.disabled = false; });
    }
    function later(event) {
      if (event.target.type === "file") { return; }
      clearTimeout(timer);
      timer = setTimeout(refresh, 1200);
    }
    section.hidden = false;
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    refresh();
  }

  var articleForm = document.querySelector("form.article");
  if (articleForm) { busyWhileBuilding(articleForm); livePreview(articleForm); }
  var tagInput = document.getElementById("f-tags");
  if (tagInput) { tagHints(tagInput); }
  var body = document.getElementById("f-body");
  if (body && body.setRangeText) { toolbar(body); }
  Array.prototype.forEach.call(document.querySelectorAll("tr[id^=so-lieu-]"), liveRow);
})();
