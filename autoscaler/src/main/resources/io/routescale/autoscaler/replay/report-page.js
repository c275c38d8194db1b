// routescale replay report: draws report.json (embedded in this page) with uPlot. No network, no build step.
(function () {
  "use strict";
  var r = JSON.parse(document.getElementById("report-data").textContent);
  var colours = {routescale: "#d62728", hpa: "#1f77b4", kpa: "#2ca02c", oracle: "#9467bd"};
  var order = ["routescale", "hpa", "kpa", "oracle"].filter(function (n) { return r.policies[n]; });
  var minutes = r.load.map(function (_, i) { return i / 60; });
  var width = Math.max(600, Math.min(1100, document.documentElement.clientWidth - 48));

  function timeAxis() {
    return {label: "time (minutes)", values: function (u, ticks) { return ticks.map(function (t) { return t.toFixed(0); }); }};
  }

  function draw(id, opts, data) {
    opts.width = width;
    opts.height = 260;
    return new uPlot(opts, data, document.getElementById(id));
  }

  draw("load-chart", {
    title: "Offered load",
    scales: {x: {time: false}},
    axes: [timeAxis(), {label: "requests per second", size: 70}],
    series: [{label: "minute"}, {label: "offered load (rps)", stroke: "#666", fill: "rgba(102,102,102,0.12)", width: 1}]
  }, [minutes, r.load]);

  draw("replicas-chart", {
    title: "Replicas (all targets)",
    scales: {x: {time: false}},
    axes: [timeAxis(), {label: "replicas", size: 60}],
    series: [{label: "minute"}].concat(order.map(function (n) {
      return {label: n, stroke: colours[n], width: n === "routescale" ? 2 : 1.2};
    }))
  }, [minutes].concat(order.map(function (n) { return r.policies[n].replicas; })));

  var slo = r.model.sloSeconds;
  draw("p99-chart", {
    title: "Modelled p99 latency (overload drawn at 60 s)",
    scales: {x: {time: false}, y: {distr: 3}},
    axes: [timeAxis(), {label: "seconds (log)", size: 70}],
    series: [{label: "minute"}].concat(order.map(function (n) {
      return {label: n, stroke: colours[n], width: n === "routescale" ? 2 : 1.2};
    })).concat([{label: "SLO " + slo + " s", stroke: "#000", dash: [6, 4], width: 1}])
  }, [minutes].concat(order.map(function (n) {
    return r.policies[n].p99Seconds.map(function (v) { return v > 0 ? v : null; });
  })).concat([minutes.map(function () { return slo; })]));

  // The frontier: each baseline at every swept target (pod-seconds against SLO-violation seconds) and
  // routescale's one point. One shared x (every point's pod-seconds); a series is null where it has no point.
  var frontiers = [["HPA frontier", r.baselines.hpa, colours.hpa], ["KPA frontier", r.baselines.kpa, colours.kpa]];
  var rs = r.policies.routescale;
  var xs = [];
  frontiers.forEach(function (f) { f[1].forEach(function (p) { xs.push(p.podSeconds); }); });
  if (rs) { xs.push(rs.podSeconds); }
  xs = xs.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
  function column(points) {
    return xs.map(function (x) {
      var p = points.find(function (q) { return q.podSeconds === x; });
      return p ? p.sloViolationSeconds : null;
    });
  }
  var frontierSeries = [{label: "pod-seconds"}];
  var frontierData = [xs];
  frontiers.forEach(function (f) {
    frontierSeries.push({label: f[0], stroke: f[2], width: 1, spanGaps: true, points: {show: true, size: 7}});
    frontierData.push(column(f[1]));
  });
  if (rs) {
    frontierSeries.push({label: "routescale", stroke: colours.routescale, width: 0, points: {show: true, size: 14, fill: colours.routescale}});
    frontierData.push(column([{podSeconds: rs.podSeconds, sloViolationSeconds: rs.sloViolationSeconds}]));
  }
  draw("frontier-chart", {
    title: "Cost against SLO violations: the baselines at every target of the sweep, and routescale",
    scales: {x: {time: false}},
    axes: [{label: "pod-seconds", size: 50}, {label: "SLO-violation seconds", size: 70}],
    series: frontierSeries
  }, frontierData);

  document.body.setAttribute("data-drawn", String(document.querySelectorAll(".uplot").length));
})();
