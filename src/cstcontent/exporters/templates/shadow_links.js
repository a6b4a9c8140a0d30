/* cstcontent (MIT): in-page links of a guide in a shadow root. A browser looks for a
   #fragment's target in the document, never inside a shadow root, so this finds it in the
   guide's shadow root, opens the <details> around it and scrolls to it: on a click on a
   link to it, and for the page's own #fragment on load and when it changes. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script && script.parentElement && script.parentElement.shadowRoot;
  if (!root) return;
  function target(hash) {
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (error) {
      return null;
    }
    return id ? root.getElementById(id) : null;
  }
  function reveal(element) {
    for (var node = element; node; node = node.parentNode) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    element.scrollIntoView();
  }
  root.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var element = target(link.getAttribute("href"));
    if (!element) return;
    event.preventDefault();
    if (location.hash !== link.getAttribute("href")) history.pushState(null, "", link.getAttribute("href"));
    reveal(element);
  });
  function fromLocation() {
    var element = target(location.hash);
    if (element) reveal(element);
  }
  window.addEventListener("hashchange", fromLocation);
  fromLocation();
})();
