// Keyboard triage for the inbox: j/k move, o open, x select, r/a/i set status, m assign to me.
(function () {
  "use strict";
  var current = -1;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("li.mention")); }
  function focus(i) {
    var list = rows();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (el) { el.classList.remove("current"); });
    list[current].classList.add("current");
    list[current].focus();
    list[current].scrollIntoView({ block: "nearest" });
  }
  function press(status) {
    var row = rows()[current];
    if (!row) { return; }
    var button = row.querySelector('button[data-status="' + status + '"]');
    if (button) { button.click(); }
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var row = rows()[current];
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "o": if (row) { row.querySelector("a.mention-link").click(); } break;
      case "x": if (row) { var box = row.querySelector("input[type=checkbox]"); if (box) { box.checked = !box.checked; } } break;
      case "r": press("to_answer"); break;
      case "a": press("answered"); break;
      case "i": press("ignored"); break;
      case "m":
        if (row && document.body.dataset.me) {
          var form = document.getElementById("bulk");
          rows().forEach(function (el) { var b = el.querySelector("input[type=checkbox]"); if (b) { b.checked = el === row; } });
          form.querySelector("select[name=assignee]").value = document.body.dataset.me;
          form.submit();
        }
        break;
      default: return;
    }
    event.preventDefault();
  });
})();
