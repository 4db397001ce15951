// Bar charts of a course's transfer split, drawn from json_script data:
// <canvas data-bar-chart="ID-of-the-data-script">, the data being {labels, datasets, yTitle}.
// Colours from the Okabe–Ito palette, which survives colour blindness.
(function () {
  "use strict";
  var COLOURS = ["#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00"];
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-bar-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.barChart);
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      data.datasets.forEach(function (dataset, index) {
        dataset.backgroundColor = COLOURS[index % COLOURS.length];
      });
      new Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: data.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.yTitle } } },
          plugins: { legend: { position: "bottom" } }
        }
      });
    });
  });
})();
