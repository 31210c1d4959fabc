// Draws the dashboard's charts with Chart.js from the numbers the server put in #dashboard-data (a file, not an
// inline script: the CSP allows scripts from 'self' only). Every chart is one series with its categories named
// on the axis and each bar's value written on it, so nothing depends on telling colours apart; the tables
// beside the charts hold the same numbers.
/* global document, Chart */
(function () {
  var source = document.getElementById('dashboard-data');
  if (!source || typeof Chart === 'undefined') return;
  var data = JSON.parse(source.textContent || '{}');

  var INK = '#1f2937';
  var BAR = '#2563eb';

  // Writes each bar's value at its end (a few lines instead of another plugin package).
  var valueLabels = {
    id: 'valueLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === 'y';
      ctx.save();
      ctx.fillStyle = INK;
      ctx.font = '12px system-ui, sans-serif';
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (bar, j) {
          var value = dataset.data[j];
          if (!value && chart.data.labels.length > 31) return; // long ranges: only the days with leads
          var pos = bar.tooltipPosition();
          if (horizontal) {
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(String(value), pos.x + 4, pos.y);
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ctx.fillText(String(value), pos.x, pos.y - 2);
          }
        });
      });
      ctx.restore();
    },
  };

  function draw(id, labels, values, options) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    var horizontal = Boolean(options && options.horizontal);
    var valueAxis = {
      beginAtZero: true,
      grace: '15%',
      ticks: { precision: 0, color: INK },
      title: { display: true, text: (options && options.unit) || 'Leads', color: INK },
    };
    var categoryAxis = { ticks: { color: INK, autoSkip: true, maxRotation: 60 } };
    canvas.dataset.values = values.join(',');
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          {
            label: (options && options.unit) || 'Leads',
            data: values,
            backgroundColor: BAR,
            borderColor: INK,
            borderWidth: 1,
          },
        ],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      },
      plugins: [valueLabels],
    });
  }

  var STATUS_LABELS = data.statusLabels || {};
  var days = data.leadsByDay || [];
  draw(
    'chart-leads-by-day',
    days.map(function (d) {
      return d.date.slice(5);
    }),
    days.map(function (d) {
      return d.leads;
    }),
  );
  var statuses = Object.keys(data.byStatus || {});
  draw(
    'chart-by-status',
    statuses.map(function (s) {
      return STATUS_LABELS[s] || s;
    }),
    statuses.map(function (s) {
      return data.byStatus[s];
    }),
    { horizontal: true },
  );
  var sources = Object.keys(data.bySource || {});
  draw(
    'chart-by-source',
    sources,
    sources.map(function (s) {
      return data.bySource[s];
    }),
    { horizontal: true },
  );
  var m = data.meetings || {};
  draw(
    'chart-meetings',
    ['Proposed', 'Requested', 'Booked', 'Cancelled'],
    [m.proposed, m.requested, m.booked, m.cancelled],
    {
      horizontal: true,
      unit: 'Meetings',
    },
  );
})();
