// Sizes the server computes arrive as data attributes, since the Content-Security-Policy
// refuses style attributes: data-width in percent (progress bars), data-height in pixels
// (charts as tall as their rows). It runs at load and on every part htmx swaps in.
htmx.onLoad(function (root) {
  root.querySelectorAll("[data-width]").forEach(function (element) {
    element.style.width = element.dataset.width + "%";
  });
  root.querySelectorAll("[data-height]").forEach(function (element) {
    element.style.height = element.dataset.height + "px";
  });
});
