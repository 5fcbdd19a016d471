// The golden thread's branches, opened in place.
//
// Without JavaScript each "Show the N items serving this" link opens that item's own thread
// page. With it, htmx loads the branch (hx-get) into the empty list beside the link, and this
// script makes the link a disclosure: aria-expanded and aria-controls say whether the branch
// is open, and once loaded the link shows and hides the branch without asking the server
// again. Focus stays on the link throughout.
(function () {
  "use strict";

  var TOGGLE = "a[data-thread-branch]";

  function branchOf(toggle) {
    return document.getElementById(toggle.getAttribute("data-thread-branch"));
  }

  function setOpen(toggle, open) {
    var branch = branchOf(toggle);
    branch.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    var verb = toggle.querySelector("[data-thread-verb]");
    if (verb) verb.textContent = open ? "Hide" : "Show";
  }

  function enhance(root) {
    var toggles = root.querySelectorAll ? root.querySelectorAll(TOGGLE) : [];
    for (var i = 0; i < toggles.length; i++) {
      var toggle = toggles[i];
      if (toggle.hasAttribute("aria-controls")) continue;
      toggle.setAttribute("aria-controls", toggle.getAttribute("data-thread-branch"));
      toggle.setAttribute("aria-expanded", "false");
    }
  }

  // Once a branch is loaded the link only shows and hides it: stop the click before htmx
  // (listening on the link itself) asks for the branch again.
  document.addEventListener(
    "click",
    function (event) {
      var toggle = event.target.closest && event.target.closest(TOGGLE);
      if (!toggle || !toggle.hasAttribute("aria-controls")) return;
      var branch = branchOf(toggle);
      if (!branch || branch.getAttribute("data-loaded") !== "true") return;
      event.preventDefault();
      event.stopImmediatePropagation();
      setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
    },
    true
  );

  document.addEventListener("htmx:beforeRequest", function (event) {
    var toggle = event.detail.elt;
    if (toggle.matches && toggle.matches(TOGGLE)) branchOf(toggle).setAttribute("aria-busy", "true");
  });

  // After the branch is swapped in (or the request failed: the link still opens its page).
  document.addEventListener("htmx:afterRequest", function (event) {
    var toggle = event.detail.elt;
    if (!toggle.matches || !toggle.matches(TOGGLE)) return;
    var branch = branchOf(toggle);
    branch.removeAttribute("aria-busy");
    if (!event.detail.successful) return;
    branch.setAttribute("data-loaded", "true");
    setOpen(toggle, true);
  });

  // htmx announces the page and everything it swaps in; toggles inside a loaded branch are
  // made disclosures too.
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail.elt);
  });
})();
