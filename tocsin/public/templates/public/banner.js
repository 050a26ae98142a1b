/* Tocsin crisis banner: one line at the top of the firm's site while a crisis is public. */
(function () {
  "use strict";
  var CONFIG = {{ config|safe }};
  if (document.getElementById("tocsin-banner")) { return; }
  var lang = (document.documentElement.lang || "fr").slice(0, 2) === "en" ? "en" : "fr";
  var lead = lang === "en" ? "Information: " : "Information : ";
  var more = lang === "en" ? "Read the updates" : "Lire les points d'information";
  function mount() {
    var bar = document.createElement("div");
    bar.id = "tocsin-banner";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", lead.replace(/[: ]+$/, ""));
    bar.setAttribute("lang", lang);
    bar.style.cssText = "background:#7a2e0e;color:#fff;font:16px/1.4 system-ui,sans-serif;padding:.55rem 1rem;text-align:center";
    var text = document.createElement("span");
    text.textContent = lead + (CONFIG.title[lang] || CONFIG.title.fr) + " — ";
    var a = document.createElement("a");
    a.href = CONFIG.url + "?lang=" + lang;
    a.textContent = more;
    a.style.cssText = "color:#fff;font-weight:700;text-decoration:underline";
    bar.appendChild(text);
    bar.appendChild(a);
    document.body.insertBefore(bar, document.body.firstChild);
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
