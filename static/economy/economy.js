// The four key points' charts (ECharts, vendored). Data comes from a <script type="application/json">
// block written by Django's json_script; no inline script runs (CSP script-src 'self').
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function amounts(list) {
    return list.map(function (v) { return v === null ? null : Number(v); });
  }
  function incomeChart() {
    var el = document.getElementById("income-chart");
    var d = data("income-chart-data");
    if (!el || !d || typeof echarts === "undefined") return;
    if (!d.villages.length) { el.textContent = "暂无数据"; return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["目标收入", "实际收入"] },
      grid: { left: 48, right: 16, bottom: 72 },
      xAxis: { type: "category", data: d.villages, axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: "value", name: "万元" },
      series: [
        { name: "目标收入", type: "bar", data: amounts(d.target) },
        {
          name: "实际收入", type: "bar", data: amounts(d.actual),
          markLine: { symbol: "none", data: [{ yAxis: Number(d.line), name: "薄弱村标准" }],
                      label: { formatter: "薄弱村标准 " + d.line + " 万元" } }
        }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", incomeChart);
})();
