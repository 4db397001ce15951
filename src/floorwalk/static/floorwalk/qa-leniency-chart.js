// The calibration page's leniency chart: one line per evaluator, data from json_script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var canvas = document.getElementById("leniency-chart");
    var source = document.getElementById("leniency-data");
    if (!canvas || !source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: data.datasets },
      options: {
        responsive: true,
        interaction: { mode: "nearest", intersect: false },
        scales: { y: { title: { display: true, text: data.yTitle } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
