/*
 * Kansrijk chat widget: the one script a school puts on its page.
 *
 *   <script src="https://CHAT-SERVER/webhooks/site/kansrijk-widget.js"
 *           data-language="nl" data-color="#0b4f8a" defer></script>
 *
 * data-server   the chat server (default: where this script comes from)
 * data-language "nl" or "en": the chat's first language (default: the page's <html lang>)
 * data-color    the main colour (header, launcher, your own messages); use one with 4.5:1 contrast to white
 * data-title, data-subtitle  the header texts
 *
 * It loads rasa-webchat and a small stylesheet from the same server, starts the chat, and adds what the widget
 * lacks for keyboard and screen-reader users (labels, Enter/Space on its buttons, a live region).
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="kansrijk-widget.js"]');
  var data = (script && script.dataset) || {};
  var server = (data.server || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, "");
  var lang = data.language || ((document.documentElement.lang || "nl").slice(0, 2).toLowerCase() === "en" ? "en" : "nl");
  if (lang !== "en") lang = "nl";
  var color = /^#[0-9a-fA-F]{6}$/.test(data.color || "") ? data.color : "#0b4f8a";

  // The labels in both languages come from the text catalogue (texts/<language>/widget.yml): the server puts them
  // in place of the marker when it serves this file (channels/site.py).
  var TEXT = (/*KANSRIJK_TEXTS*/{})[lang] || {};

  function addStylesheet() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = server + "/webhooks/site/kansrijk-widget.css";
    document.head.appendChild(link);
  }

  function label(root, selector, text) {
    root.querySelectorAll(selector).forEach(function (el) {
      if (el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text);
    });
  }

  // rasa-webchat renders several controls without names and its card buttons as <div role="button"> that only
  // react to a mouse click: name them, and make Enter and Space work like a click.
  function improve(root) {
    label(root, ".rw-launcher", root.querySelector(".rw-conversation-container") ? TEXT.close : TEXT.open);
    root.querySelectorAll(".rw-launcher").forEach(function (el) {
      el.setAttribute("aria-expanded", root.querySelector(".rw-conversation-container") ? "true" : "false");
    });
    label(root, ".rw-close-button", TEXT.close);
    // The header title is an <h4> on a page whose headings may stop at <h2>: make it a level-2 heading.
    root.querySelectorAll(".rw-title:not([aria-level])").forEach(function (el) {
      el.setAttribute("role", "heading");
      el.setAttribute("aria-level", "2");
    });
    label(root, ".rw-new-message", TEXT.input);
    label(root, ".rw-send", TEXT.send);
    label(root, ".rw-left-arrow", TEXT.previous);
    label(root, ".rw-right-arrow", TEXT.next);
    root.querySelectorAll(".rw-messages-container").forEach(function (el) {
      if (!el.hasAttribute("role")) {
        el.setAttribute("role", "log");
        el.setAttribute("aria-live", "polite");
        el.setAttribute("aria-label", TEXT.log);
        el.setAttribute("tabindex", "0");
      }
    });
    root.querySelectorAll(".rw-carousel-card").forEach(function (card) {
      var title = card.querySelector(".rw-carousel-card-title");
      var name = title ? title.textContent.replace(/^\d+\.\s*/, "") : "";
      card.querySelectorAll('.rw-carousel-buttons-container [role="button"]').forEach(function (button) {
        var text = button.textContent + ": " + name;  // "Vertel meer: Autotechnicus", not five times "Vertel meer"
        if (button.getAttribute("aria-label") !== text) button.setAttribute("aria-label", text);
      });
      // Title, subtitle and picture are links without a target: not a control, so keep them out of the tab order.
      card.querySelectorAll("a:not([href])").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
      card.querySelectorAll(".rw-carousel-card-image").forEach(function (el) { el.setAttribute("aria-hidden", "true"); });
    });
    root.querySelectorAll(".rw-replies .rw-reply:not([role])").forEach(function (el) { el.setAttribute("role", "button"); });
    root.querySelectorAll('[role="button"]:not([tabindex])').forEach(function (el) { el.setAttribute("tabindex", "0"); });
  }

  function watch(root) {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; improve(root); });
    }).observe(root, { childList: true, subtree: true });
    root.addEventListener("keydown", function (event) {
      var el = event.target;
      if ((event.key === "Enter" || event.key === " ") && el && el.getAttribute && el.getAttribute("role") === "button") {
        event.preventDefault();
        el.click();
      }
    });
    improve(root);
  }

  function start() {
    // A landmark of its own, so the chat is easy to find with a screen reader and axe's "region" rule holds.
    var root = document.createElement("aside");
    root.setAttribute("aria-label", TEXT.region);
    root.id = "kansrijk-chat";
    root.className = "kansrijk-chat";
    root.style.setProperty("--kansrijk-color", color);
    document.body.appendChild(root);
    window.WebChat.default({
      socketUrl: server,
      socketPath: "/socket.io/",
      customData: { language: lang },
      initPayload: TEXT.hello,
      title: data.title || TEXT.title,
      subtitle: data.subtitle || "",
      inputTextFieldHint: TEXT.hint,
      connectingText: TEXT.connecting,
      showCloseButton: true,
      showFullScreenButton: false,
      hideWhenNotConnected: false,
      mainColor: color,
      userBackgroundColor: color,
      userTextColor: "#ffffff",
      assistBackgoundColor: "#f1f3f5",
      assistTextColor: "#1b1b1b",
      conversationBackgroundColor: "#ffffff",
      customMessageDelay: function (message) { return Math.min(600, 150 + 2 * (message || "").length); },
      withRules: false,
      params: { storage: "local" }
    }, root);
    watch(root);
  }

  function loadBundle() {
    if (window.WebChat && window.WebChat.default) return start();
    var bundle = document.createElement("script");
    bundle.src = server + "/webhooks/site/webchat.js";
    bundle.async = true;
    bundle.onload = start;
    document.head.appendChild(bundle);
  }

  addStylesheet();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", loadBundle);
  else loadBundle();
})();
