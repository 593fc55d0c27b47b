// Draws the "party members over time" line chart from the JSON the page embeds. It runs
// for content present at load and for content htmx swaps in (the chart arrives lazily).
(function () {
  var COLORS = ["#b02a37", "#0d6efd", "#fd7e14"];

  function draw(canvas) {
    if (canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    var data = JSON.parse(document.getElementById(canvas.dataset.chartSource).textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, i) {
          return { label: series.label, data: series.values, borderColor: COLORS[i], backgroundColor: COLORS[i], tension: 0.2 };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  htmx.onLoad(function (root) {
    root.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
