// Follows a login ticket on the hosted login page (flows 1 and 3) and finishes the sign-in when the
// phone confirms. Markup: <div data-wegate-ticket="ID" data-request="REQ" data-base="/pools/POOL/login">
// with optional [data-ticket-status] inside for messages. Server-Sent Events first; polling every two
// seconds where they do not get through (some proxies and in-app browsers).
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-wegate-ticket]");
  Array.prototype.forEach.call(boxes, follow);

  function follow(box) {
    // Several QR flows on one page each include this script: follow every box once.
    if (box.getAttribute("data-following")) { return; }
    box.setAttribute("data-following", "1");
    var ticket = box.getAttribute("data-wegate-ticket");
    var request = box.getAttribute("data-request");
    var base = box.getAttribute("data-base");
    var query = "?request=" + encodeURIComponent(request);
    var statusUrl = base + "/tickets/" + encodeURIComponent(ticket) + query;
    var done = false;
    var source = null;
    var poller = null;

    function show(state, message) {
      box.setAttribute("data-state", state);
      var status = box.querySelector("[data-ticket-status]");
      if (status) {
        status.textContent = message || box.getAttribute("data-text-" + state) || "";
      }
      // The login page's own script (login-page.js) draws an expired code anew.
      box.dispatchEvent(new CustomEvent("wegate-ticket", { bubbles: true, detail: { state: state } }));
    }

    function handle(status) {
      if (done) { return; }
      show(status.state, status.message);
      if (status.state === "confirmed" || status.state === "refused") {
        done = true;
        stop();
        window.location.assign(base + "/tickets/" + encodeURIComponent(ticket) + "/complete" + query);
      } else if (status.state !== "pending" && status.state !== "scanned") {
        done = true;
        stop();
      }
    }

    function stop() {
      if (source) { source.close(); }
      if (poller) { clearInterval(poller); }
    }

    function poll() {
      fetch(statusUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : { state: "expired" }; })
        .then(handle)
        .catch(function () { /* try again at the next tick */ });
    }

    function startPolling() {
      if (!poller && !done) { poller = setInterval(poll, 2000); poll(); }
    }

    if (window.EventSource) {
      source = new EventSource(base + "/tickets/" + encodeURIComponent(ticket) + "/events" + query);
      source.addEventListener("state", function (e) { handle(JSON.parse(e.data)); });
      source.onerror = function () { if (!done) { source.close(); startPolling(); } };
    } else {
      startPolling();
    }
  }
})();
