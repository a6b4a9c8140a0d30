/* cstcontent embed: tell the page that frames this one how tall it is (MIT licence, part of cstcontent). */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = -1;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({type: "cstcontent:height", height: height}, "*");
  }
  if (typeof ResizeObserver === "function") new ResizeObserver(send).observe(document.documentElement);
  document.addEventListener("toggle", send, true);
  window.addEventListener("load", send);
  send();
})();
