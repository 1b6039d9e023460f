// KPI trend charts (§7): volumes as bars, rates and AHT as lines, targets as dashed lines.
(function () {
  const el = document.getElementById("kpi-chart");
  if (!el || typeof Plotly === "undefined") return;
  const d = JSON.parse(el.textContent);
  if (!d.labels.length) return;
  const n = d.names, x = d.labels, t = d.targets, w = d.words || { target: "目标", seconds: "（秒）" };
  const layout = (title, extra) => Object.assign({
    title: { text: title, font: { size: 14 } }, margin: { t: 36, r: 16, b: 48, l: 48 }, height: 280,
    legend: { orientation: "h", y: -0.25 }, xaxis: { type: "category" }, font: { family: "Noto Sans CJK SC, sans-serif" },
  }, extra || {});
  const target = (key, name, axis) => ({ x, y: t[key], name: name + " " + w.target, mode: "lines", line: { dash: "dash", width: 1 }, yaxis: axis });
  const cfg = { displaylogo: false, responsive: true };
  Plotly.newPlot("chart-volume", [
    { x, y: d.offered, type: "bar", name: n.offered },
    { x, y: d.abandoned, type: "bar", name: n.abandoned },
  ], layout(n.offered + " / " + n.abandoned, { barmode: "overlay" }), cfg);
  Plotly.newPlot("chart-rates", [
    { x, y: d.service_level, mode: "lines+markers", name: n.service_level },
    target("service_level", n.service_level),
    { x, y: d.abandonment_rate, mode: "lines+markers", name: n.abandonment_rate },
    target("abandonment_rate", n.abandonment_rate),
    { x, y: d.fcr, mode: "lines+markers", name: n.fcr },
    target("fcr", n.fcr),
  ], layout(n.service_level + " / " + n.abandonment_rate + " / " + n.fcr, { yaxis: { tickformat: ".0%", hoverformat: ".1%", rangemode: "tozero" } }), cfg);
  Plotly.newPlot("chart-aht", [
    { x, y: d.aht, mode: "lines+markers", name: n.aht },
    target("aht", n.aht),
  ], layout(n.aht + w.seconds, { yaxis: { rangemode: "tozero" } }), cfg);
})();
