// The competency profile's chart: one line per competency, data from json_script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var canvas = document.getElementById("competency-chart");
    var source = document.getElementById("competency-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: data.datasets },
      options: {
        responsive: true,
        spanGaps: true,
        interaction: { mode: "nearest", intersect: false },
        scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 }, title: { display: true, text: data.yTitle } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
