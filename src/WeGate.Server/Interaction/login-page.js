// The hosted login page's switches (LoginPageLayout.cs, docs/logins.md#the-login-page). Without this
// script every tab, QR choice and "other ways" link is a plain link that loads the page again; with
// it they switch in place, the tabs follow the WAI-ARIA tabs pattern (arrow keys, Home, End, one tab
// in the focus order), and each QR code counts down and is drawn anew when it expires.
(function () {
  "use strict";
  var root = document.querySelector("[data-login-page]");
  if (!root) { return; }
  var opened = Date.now();
  var each = function (selector, f) { Array.prototype.forEach.call(root.querySelectorAll(selector), f); };

  // The address shows what is on screen, so a reload or the language switch keeps it.
  function remember(href) {
    if (window.history && history.replaceState) { history.replaceState(null, "", href); }
    var language = root.querySelector("[data-login-language]");
    if (language) {
      var url = new URL(href, window.location.href);
      url.searchParams.set("ui_locales", language.getAttribute("hreflang"));
      language.setAttribute("href", url.pathname + url.search);
    }
  }

  function focusFirst(container) {
    var target = container.querySelector("[role=tab][aria-selected=true], input:not([type=hidden]), a[href], button");
    if (target) { target.focus(); }
  }

  var tabs = Array.prototype.slice.call(root.querySelectorAll("[role=tab]"));
  function panelOf(tab) { return document.getElementById(tab.getAttribute("aria-controls")); }
  function select(tab) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      panelOf(t).hidden = !on;
    });
    remember(tab.getAttribute("href"));
    refreshStale();
  }
  tabs.forEach(function (tab, i) {
    tab.tabIndex = tab.getAttribute("aria-selected") === "true" ? 0 : -1;
    tab.addEventListener("click", function (e) { e.preventDefault(); select(tab); tab.focus(); });
    tab.addEventListener("keydown", function (e) {
      var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) { return; }
      e.preventDefault();
      var next = tabs[(to + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });

  each("[data-qr-choice]", function (choice) {
    choice.addEventListener("click", function (e) {
      e.preventDefault();
      each("[data-qr-choice]", function (c) {
        var on = c === choice;
        if (on) { c.setAttribute("aria-current", "true"); } else { c.removeAttribute("aria-current"); }
        document.getElementById(c.getAttribute("aria-controls")).hidden = !on;
      });
      remember(choice.getAttribute("href"));
      refreshStale();
    });
  });

  // Inside WeChat: the one-tap button, or the other ways to sign in.
  each("[data-login-show]", function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      var shown = document.getElementById(link.getAttribute("data-login-show"));
      each("[data-login-view]", function (view) { view.hidden = view !== shown; });
      remember(link.getAttribute("href"));
      focusFirst(shown);
    });
  });

  // A code that expired is drawn anew by loading its panel again, but only while the person can see
  // it: a hidden one waits until it is shown, so nobody loses what they were typing. A page that has
  // just loaded never reloads itself, so a wrong clock cannot make it loop.
  function visible(element) { return element.offsetParent !== null && document.visibilityState !== "hidden"; }
  function refreshStale() {
    each("[data-qr-panel][data-stale]", function (panel) {
      var reload = panel.querySelector("[data-qr-reload]");
      if (reload && visible(panel) && Date.now() - opened > 20000) { window.location.replace(reload.getAttribute("href")); }
    });
  }
  function expired(panel) {
    if (!panel || panel.hasAttribute("data-stale")) { return; }
    var line = panel.querySelector("[data-qr-expiry]");
    if (!line || !line.hasAttribute("data-refresh")) { if (line) { line.hidden = true; } return; }
    panel.setAttribute("data-stale", "1");
    line.querySelector("[data-qr-expiry-text]").textContent = line.getAttribute("data-text-refreshing");
    refreshStale();
  }
  document.addEventListener("visibilitychange", refreshStale);
  document.addEventListener("wegate-ticket", function (e) {
    if (e.detail && e.detail.state === "expired") { expired(e.target.closest("[data-qr-panel]")); }
  });

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  each("[data-qr-expiry]", function (line) {
    var ends = Date.now() + (parseInt(line.getAttribute("data-expires-in"), 10) || 0) * 1000;
    var text = line.querySelector("[data-qr-expiry-text]");
    var panel = line.closest("[data-qr-panel]");
    var timer = null;
    function tick() {
      if (panel && panel.hasAttribute("data-stale")) { clearInterval(timer); return; }
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      text.textContent = line.getAttribute("data-text-countdown").replace("{0}", Math.floor(left / 60) + ":" + pad(left % 60));
      if (left === 0) { clearInterval(timer); expired(panel); }
    }
    timer = setInterval(tick, 1000);
    tick();
  });
})();
