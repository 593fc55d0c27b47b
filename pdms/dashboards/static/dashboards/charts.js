// Draws the dashboard's charts from the JSON each one embeds (see dashboards/charts.py):
// lines, bars, bars with a line over them, horizontal bars with a marker line (100%).
(function () {
  var COLORS = ["#b02a37", "#0d6efd", "#fd7e14", "#198754"];

  // A vertical line at the value ``chart.options.marker`` of the x axis.
  var markerPlugin = {
    id: "marker",
    afterDatasetsDraw: function (chart) {
      var value = chart.options.marker;
      if (value === undefined || value === null) return;
      var x = chart.scales.x.getPixelForValue(value);
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#212529";
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chart.chartArea.top);
      ctx.lineTo(x, chart.chartArea.bottom);
      ctx.stroke();
      ctx.restore();
    },
  };

  function dataset(series, i, type) {
    var color = COLORS[i % COLORS.length];
    return {
      type: series.type || type,
      label: series.label,
      data: series.values,
      borderColor: color,
      backgroundColor: color,
      borderDash: series.dashed ? [6, 4] : [],
      tension: 0.2,
      pointRadius: 2,
      spanGaps: false,
    };
  }

  function draw(canvas) {
    if (canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    var data = JSON.parse(document.getElementById(canvas.dataset.chartSource).textContent);
    var valueAxis = data.horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { precision: 0 } };
    if (data.percent) scales[valueAxis].ticks.callback = function (v) { return v + "%"; };
    // Keep the marker in view even when every bar falls short of it.
    if (data.marker !== undefined) scales[valueAxis].suggestedMax = data.marker;
    new Chart(canvas, {
      type: data.type,
      data: { labels: data.labels, datasets: data.series.map(function (s, i) { return dataset(s, i, data.type); }) },
      options: {
        indexAxis: data.horizontal ? "y" : "x",
        marker: data.marker,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: scales,
      },
      plugins: [markerPlugin],
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
