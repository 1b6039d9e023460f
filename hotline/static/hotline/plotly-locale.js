// Plotly labels dates in English ("Jul 2026", "Dec 3") unless told otherwise: on a Chinese page,
// register a zh-CN locale (month and day names, date order) and make it every chart's default (§1).
(function () {
  if (!window.Plotly || !(document.documentElement.lang || "").startsWith("zh")) return;
  const months = ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"];
  const days = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
  Plotly.register({
    moduleType: "locale", name: "zh-CN",
    dictionary: { Autoscale: "自动缩放", "Reset axes": "重置坐标轴", "Download plot as a png": "下载图片", "Zoom in": "放大", "Zoom out": "缩小", Pan: "平移", Zoom: "缩放" },
    format: {
      days, shortDays: ["日", "一", "二", "三", "四", "五", "六"], months, shortMonths: months,
      date: "%Y-%m-%d", decimal: ".", thousands: ",", grouping: [3], currency: ["¥", ""],
      year: "%Y年", month: "%Y年%-m月", dayMonth: "%-m月%-d日", dayMonthYear: "%Y年%-m月%-d日",
    },
  });
  Plotly.setPlotConfig({ locale: "zh-CN" });
})();
