/* Scorecard charts: trend sparklines and the spread of agents' values.
   The page carries the numbers in JSON script elements (json_script), already formatted
   for the reader's locale, so tooltips show exactly what the tables show. */
(function () {
  "use strict";
  const LINE = "#0072B2";   // Okabe–Ito blue: readable with every common colour-vision deficiency
  const TARGET = "#D55E00"; // Okabe–Ito vermillion
  const charts = [];

  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function sparkline(canvas, series) {
    const hasTarget = series.target !== null && series.target !== undefined;
    const datasets = [{
      data: series.values,
      borderColor: LINE,
      backgroundColor: LINE,
      borderWidth: 2,
      pointRadius: 2,
      spanGaps: true,
    }];
    if (hasTarget) {
      datasets.push({
        data: series.values.map(function () { return series.target; }),
        borderColor: TARGET,
        borderWidth: 1,
        borderDash: [4, 3],
        pointRadius: 0,
      });
    }
    return new Chart(canvas, {
      type: "line",
      data: { labels: series.labels, datasets: datasets },
      options: {
        responsive: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: function (item) { return item.datasetIndex === 0; },
            callbacks: { label: function (item) { return series.displays[item.dataIndex]; } },
          },
        },
        scales: { x: { display: false }, y: { display: false } },
      },
    });
  }

  function distributionChart(canvas, select, summary, distributions) {
    let chart = null;
    function draw() {
      const spread = distributions[select.value];
      if (chart) { chart.destroy(); }
      chart = new Chart(canvas, {
        type: "bar",
        data: {
          labels: spread.labels,
          datasets: [{ label: spread.name, data: spread.counts, backgroundColor: LINE }],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: canvas.dataset.countLabel || "" } } },
        },
      });
      const agents = spread.counts.reduce(function (a, b) { return a + b; }, 0);
      summary.textContent = agents ? spread.summary : spread.empty;
      charts.push(chart);
    }
    select.addEventListener("change", draw);
    draw();
  }

  function render() {
    while (charts.length) { charts.pop().destroy(); }
    const trends = readJson("scorecard-trends");
    if (trends) {
      document.querySelectorAll("canvas[data-trend]").forEach(function (canvas) {
        const series = trends[canvas.dataset.trend];
        if (series) { charts.push(sparkline(canvas, series)); }
      });
    }
    const distributions = readJson("scorecard-distributions");
    const canvas = document.getElementById("distribution-chart");
    const select = document.getElementById("distribution-metric");
    const summary = document.getElementById("distribution-summary");
    if (distributions && canvas && select && summary) {
      distributionChart(canvas, select, summary, distributions);
    }
  }

  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.elt && event.detail.elt.id === "scorecard") { render(); }
  });
})();

/* The period form asks for a date in the period, or for a first and last day when the period
   is a custom range; only the fields that apply are shown. Without JavaScript all are shown. */
(function () {
  "use strict";
  function showPeriodFields(form) {
    const period = form.querySelector("select[name=period]");
    if (!period) { return; }
    const custom = period.value === "custom";
    form.querySelectorAll("[data-custom-range]").forEach(function (field) { field.hidden = !custom; });
    form.querySelectorAll("[data-calendar-period]").forEach(function (field) { field.hidden = custom; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".fw-scorecard-form").forEach(function (form) {
      showPeriodFields(form);
      form.addEventListener("change", function () { showPeriodFields(form); });
    });
  });
})();
