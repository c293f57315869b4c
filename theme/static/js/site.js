/* Font size switch (remembered across pages), print and copy-link buttons. No third-party code. */
(function () {
  "use strict";
  var root = document.documentElement;
  var steps = [0.875, 1, 1.125, 1.25, 1.5];

  function current() {
    var value = parseFloat(getComputedStyle(root).getPropertyValue("--font-scale")) || 1;
    var index = steps.indexOf(value);
    return index < 0 ? 1 : index;
  }

  function apply(index) {
    var scale = steps[Math.max(0, Math.min(steps.length - 1, index))];
    root.style.setProperty("--font-scale", String(scale));
    try { localStorage.setItem("co-chu", String(scale)); } catch (error) { /* private mode */ }
  }

  document.querySelectorAll("[data-font-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = Number(button.getAttribute("data-font-step"));
      apply(step === 0 ? 1 : current() + step);
    });
  });

  // On a wide screen the menu is shown as a bar (site.css); it is opened too, so that assistive
  // technology reads its links as shown rather than inside a folded part.
  var menu = document.querySelector(".site-nav details.menu");
  if (menu && window.matchMedia && CSS.supports("selector(::details-content)")) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var follow = function () { menu.open = wide.matches; };
    follow();
    wide.addEventListener("change", follow);
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = button.parentNode.querySelector(".share-status");
      var address = button.getAttribute("data-copy-link");
      var done = function () { if (status) { status.textContent = "Đã sao chép liên kết."; } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(address).then(done, function () {
          if (status) { status.textContent = address; }
        });
      } else if (status) {
        status.textContent = address;
      }
    });
  });
})();
