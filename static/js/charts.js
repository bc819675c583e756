// Leadership charts (core.charts): every element with data-chart="<id>" is drawn with ECharts from
// the JSON option in <script type="application/json" id="<id>"> (json_script; no inline script).
// Charts are drawn as SVG so they print sharply, and are redrawn to the paper's width when printing.
(function () {
  if (window.townshipCharts) return;
  var charts = [];
  window.townshipCharts = charts;

  function draw(root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) return;
      var chart = window.echarts.init(el, null, { renderer: "svg", locale: "ZH" });
      chart.setOption(JSON.parse(source.textContent));
      el.setAttribute("data-drawn", "1");
      charts.push(chart);
    });
  }

  function resize() {
    charts.forEach(function (chart) {
      if (!chart.isDisposed()) chart.resize();
    });
  }

  function start() {
    draw(document);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      draw(event.target);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", resize);
  }
})();
