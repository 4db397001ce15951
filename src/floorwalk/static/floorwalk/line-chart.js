// Line charts drawn from json_script data: <canvas data-line-chart="ID-of-the-data-script">,
// the data being {labels, datasets, yTitle} and optionally yMin, yMax and yStep.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-line-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.lineChart);
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var y = { title: { display: true, text: data.yTitle } };
      if (data.yMin !== undefined) { y.min = data.yMin; }
      if (data.yMax !== undefined) { y.max = data.yMax; }
      if (data.yStep !== undefined) { y.ticks = { stepSize: data.yStep }; }
      new Chart(canvas, {
        type: "line",
        data: { labels: data.labels, datasets: data.datasets },
        options: {
          responsive: true,
          spanGaps: true,
          interaction: { mode: "nearest", intersect: false },
          scales: { y: y },
          plugins: { legend: { position: "bottom" } }
        }
      });
    });
  });
})();
