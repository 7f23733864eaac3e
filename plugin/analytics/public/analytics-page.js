/* global Chart */
// Draws the analytics page's charts from the report embedded as JSON (the CSP allows no inline script).
(function drawAnalyticsCharts() {
  'use strict';
  const source = document.getElementById('analytics-data');
  if (!source || typeof Chart === 'undefined') return;
  const report = JSON.parse(source.textContent || '{}');
  const groups = report.groups || [];
  const labels = groups.map((group) => group.label);
  const percent = (value) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);
  const minutes = (seconds) =>
    seconds === null || seconds === undefined ? null : Math.round(seconds / 6) / 10;
  const timeline = report.groupBy === 'day';
  const palette = ['#1f93ff', '#44ce4b', '#ff9a00', '#e0457b', '#7e58f0', '#00b5ad', '#8a8f98', '#c4a000'];
  const dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  Chart.defaults.color = dark ? '#d7dbe0' : '#3c4858';
  Chart.defaults.borderColor = dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.08)';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  const dataset = (label, data, index) => ({
    label,
    data,
    backgroundColor: palette[index % palette.length],
    borderColor: palette[index % palette.length],
    spanGaps: true,
    tension: 0,
    pointRadius: timeline && data.length > 60 ? 0 : 2,
  });
  const draw = (id, type, datasets, extra) => {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    const chart = new Chart(canvas, {
      type,
      data: { labels: extra && extra.labels ? extra.labels : labels, datasets },
      options: Object.assign(
        { responsive: true, plugins: { legend: { position: 'bottom' } } },
        extra && extra.options,
      ),
    });
    canvas.dataset.drawn = 'true';
    return chart;
  };
  const kind = timeline ? 'line' : 'bar';

  draw('chart-volume', kind, [
    dataset(
      'Inbound messages',
      groups.map((group) => group.figures.volume.inboundMessages),
      0,
    ),
    dataset(
      'Conversations',
      groups.map((group) => group.figures.volume.conversations),
      1,
    ),
    dataset(
      'Resolved',
      groups.map((group) => group.figures.volume.resolved),
      2,
    ),
  ]);
  draw(
    'chart-rates',
    kind,
    [
      dataset(
        'AI auto-resolution',
        groups.map((group) => percent(group.figures.ai.autoResolutionRate)),
        0,
      ),
      dataset(
        'Hand-off',
        groups.map((group) => percent(group.figures.ai.handoffRate)),
        2,
      ),
      dataset(
        'Suggestion acceptance',
        groups.map((group) => percent(group.figures.suggestions.acceptanceRate)),
        1,
      ),
      dataset(
        'SLA breach',
        groups.map((group) => percent(group.figures.sla.breachRate)),
        3,
      ),
    ],
    { options: { scales: { y: { min: 0, max: 100 } } } },
  );
  draw('chart-response', kind, [
    dataset(
      'Median',
      groups.map((group) => minutes(group.figures.firstResponse.medianSeconds)),
      0,
    ),
    dataset(
      '90th percentile',
      groups.map((group) => minutes(group.figures.firstResponse.p90Seconds)),
      4,
    ),
  ]);
  const reasons = Object.entries((report.totals && report.totals.ai.handoffReasons) || {});
  draw(
    'chart-reasons',
    'doughnut',
    [
      {
        label: 'Hand-offs',
        data: reasons.map((entry) => entry[1]),
        backgroundColor: reasons.map((_entry, index) => palette[index % palette.length]),
      },
    ],
    { labels: reasons.map((entry) => entry[0].replace(/_/g, ' ')) },
  );
  draw(
    'chart-csat',
    kind,
    [
      dataset(
        'Average rating',
        groups.map((group) => group.figures.csat.average),
        5,
      ),
    ],
    {
      options: { scales: { y: { min: 0, max: 5 } } },
    },
  );
})();
