/* Tocsin chatbot widget: answers from the firm's approved FAQ only. No cookie, no tracker. */
(function () {
  "use strict";
  var CONFIG = {{ config|safe }};
  if (window.__tocsinChat) { return; }
  window.__tocsinChat = true;
  var docLang = (document.documentElement.lang || CONFIG.lang || "fr").slice(0, 2);
  var lang = docLang === "en" ? "en" : "fr";
  var T = {
    fr: {open: "Une question ?", title: "Questions sur : ", label: "Votre question", send: "Envoyer",
         close: "Fermer", you: "Vous", bot: "Réponse", wait: "…", error: "Le service ne répond pas. Réessayez plus tard.",
         busy: "Trop de questions. Réessayez dans quelques minutes.", emailLabel: "Votre courriel, pour qu'une personne vous réponde (facultatif)",
         emailSend: "Envoyer mon courriel", emailThanks: "Merci, un membre du cabinet vous répondra par courriel.",
         intro: "Je réponds avec les réponses validées par le cabinet. Posez votre question en français ou en anglais."},
    en: {open: "Any question?", title: "Questions about: ", label: "Your question", send: "Send",
         close: "Close", you: "You", bot: "Answer", wait: "…", error: "The service is not answering. Please try again later.",
         busy: "Too many questions. Please try again in a few minutes.", emailLabel: "Your email, so that a person can answer you (optional)",
         emailSend: "Send my email", emailThanks: "Thank you, a member of the firm will answer you by email.",
         intro: "I answer with the answers the firm has approved. Ask in French or English."}
  }[lang];
  var conversation = null;
  try { conversation = sessionStorage.getItem("tocsin-chat:" + CONFIG.endpoint); } catch (e) {}

  var css = ".tocsin-chat{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:16px/1.45 system-ui,sans-serif;color:#1b2733}" +
    ".tocsin-chat *{box-sizing:border-box}" +
    ".tocsin-chat button{font:inherit;cursor:pointer;border-radius:8px;border:0;padding:.55rem .9rem;background:#1f5f8b;color:#fff}" +
    ".tocsin-chat button:focus-visible,.tocsin-chat input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}" +
    ".tocsin-chat .tc-panel{width:min(24rem,calc(100vw - 2rem));max-height:min(34rem,calc(100vh - 5rem));display:flex;flex-direction:column;background:#fff;border:1px solid #8a98a6;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.2);margin-bottom:.6rem}" +
    ".tocsin-chat .tc-head{display:flex;align-items:center;gap:.5rem;padding:.6rem .8rem;border-bottom:1px solid #d5dde5}" +
    ".tocsin-chat .tc-head h2{font-size:1rem;margin:0;flex:1;color:#1b2733}" +
    ".tocsin-chat .tc-head button{background:#e8edf2;color:#1b2733;padding:.3rem .6rem}" +
    ".tocsin-chat .tc-log{overflow-y:auto;padding:.6rem .8rem;flex:1;min-height:6rem}" +
    ".tocsin-chat .tc-msg{margin:.4rem 0;padding:.45rem .65rem;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere}" +
    ".tocsin-chat .tc-me{background:#e8f0f7;color:#1b2733;margin-left:2rem}" +
    ".tocsin-chat .tc-bot{background:#f3f5f7;color:#1b2733;margin-right:2rem}" +
    ".tocsin-chat .tc-who{display:block;font-size:.8rem;font-weight:600;color:#3d4b59}" +
    ".tocsin-chat form{display:flex;flex-wrap:wrap;gap:.4rem;padding:.6rem .8rem;border-top:1px solid #d5dde5}" +
    ".tocsin-chat label{flex-basis:100%;font-size:.9rem;font-weight:600;color:#1b2733}" +
    ".tocsin-chat input{flex:1;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid #6b7886;border-radius:8px;color:#1b2733;background:#fff}" +
    ".tocsin-chat .tc-open{float:right;box-shadow:0 3px 12px rgba(0,0,0,.25)}";
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);

  var root = document.createElement("div");
  root.className = "tocsin-chat";
  root.setAttribute("lang", lang);
  var panel = document.createElement("section");
  panel.className = "tc-panel";
  panel.hidden = true;
  panel.id = "tocsin-chat-panel";
  panel.setAttribute("aria-labelledby", "tocsin-chat-title");
  var head = document.createElement("div");
  head.className = "tc-head";
  var h = document.createElement("h2");
  h.id = "tocsin-chat-title";
  h.textContent = T.title + (CONFIG.title[lang] || CONFIG.title.fr);
  var close = document.createElement("button");
  close.type = "button";
  close.textContent = T.close;
  head.appendChild(h);
  head.appendChild(close);
  var log = document.createElement("div");
  log.className = "tc-log";
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  var form = document.createElement("form");
  var label = document.createElement("label");
  label.htmlFor = "tocsin-chat-q";
  label.textContent = T.label;
  var input = document.createElement("input");
  input.id = "tocsin-chat-q";
  input.name = "q";
  input.maxLength = 1000;
  input.autocomplete = "off";
  input.required = true;
  var send = document.createElement("button");
  send.type = "submit";
  send.textContent = T.send;
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  var open = document.createElement("button");
  open.type = "button";
  open.className = "tc-open";
  open.textContent = T.open;
  open.setAttribute("aria-expanded", "false");
  open.setAttribute("aria-controls", panel.id);
  root.appendChild(panel);
  root.appendChild(open);

  function say(who, text, cls) {
    var p = document.createElement("p");
    p.className = "tc-msg " + cls;
    var w = document.createElement("span");
    w.className = "tc-who";
    w.textContent = who;
    p.appendChild(w);
    p.appendChild(document.createTextNode(text));  /* text only: never HTML */
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    return p;
  }
  function post(payload) {
    if (conversation) { payload.conversation = conversation; }
    return fetch(CONFIG.endpoint, {method: "POST", headers: {"Content-Type": "application/json"},
                                   body: JSON.stringify(payload), credentials: "omit"});
  }
  function offerEmail() {
    var f = document.createElement("form");
    var l = document.createElement("label");
    l.htmlFor = "tocsin-chat-email";
    l.textContent = T.emailLabel;
    var i = document.createElement("input");
    i.id = "tocsin-chat-email";
    i.type = "email";
    i.required = true;
    i.autocomplete = "email";
    var b = document.createElement("button");
    b.type = "submit";
    b.textContent = T.emailSend;
    f.appendChild(l); f.appendChild(i); f.appendChild(b);
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      post({email: i.value}).then(function (r) {
        if (r.ok) { f.remove(); say(T.bot, T.emailThanks, "tc-bot"); }
      });
    });
    panel.insertBefore(f, form);
  }
  function toggle(show) {
    panel.hidden = !show;
    open.setAttribute("aria-expanded", show ? "true" : "false");
    if (show) {
      if (!log.firstChild) { say(T.bot, T.intro, "tc-bot"); }
      input.focus();
    } else { open.focus(); }
  }
  open.addEventListener("click", function () { toggle(panel.hidden); });
  close.addEventListener("click", function () { toggle(false); });
  root.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !panel.hidden) { toggle(false); } });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = input.value.trim();
    if (!q) { return; }
    say(T.you, q, "tc-me");
    input.value = "";
    send.disabled = true;
    var pending = say(T.bot, T.wait, "tc-bot");
    post({q: q}).then(function (r) {
      return r.json().then(function (data) { return {status: r.status, data: data}; });
    }).then(function (res) {
      pending.remove();
      if (res.status === 429) { say(T.bot, T.busy, "tc-bot"); return; }
      if (res.status !== 200) { say(T.bot, T.error, "tc-bot"); return; }
      conversation = res.data.conversation;
      try { sessionStorage.setItem("tocsin-chat:" + CONFIG.endpoint, conversation); } catch (e) {}
      var p = say(T.bot, res.data.answer, "tc-bot");
      p.setAttribute("lang", res.data.lang);
      if (res.data.answer_id) { p.setAttribute("data-answer-id", res.data.answer_id); }
      if (res.data.escalate && !document.getElementById("tocsin-chat-email")) { offerEmail(); }
    }).catch(function () {
      pending.remove();
      say(T.bot, T.error, "tc-bot");
    }).then(function () { send.disabled = false; input.focus(); });
  });
  function mount() { document.body.appendChild(root); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
