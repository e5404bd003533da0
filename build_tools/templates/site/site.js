// Keep the reader's place when switching language: carry the paragraph anchor along.
// Runs in the capture phase and stops the event there, so Material's own language
// handler (which looks the page up in a sitemap and drops the anchor) does not run;
// the browser then follows the link as usual.
window.addEventListener(
  "click",
  function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-language-switch]") : null;
    if (!link) {
      return;
    }
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + window.location.hash);
    event.stopPropagation();
  },
  true
);
