// FunctionsBot charts, drawn with uPlot: the equity curve with its drawdown below the running peak, and daily P&L bars.
// The dashboard and the backtest's HTML report both draw with this file, so the live bot and a backtest look alike.
(function (global) {
  'use strict';

  var blue = '#2563eb', red = '#dc2626', green = '#16a34a';

  /** Drawdown of each value below the highest value before it (0 at a new peak, negative below it). */
  function drawdown(values) {
    var peak = -Infinity;
    return values.map(function (v) {
      if (v === null || v === undefined) { return null; }
      peak = Math.max(peak, v);
      return v - peak;
    });
  }

  /** The deepest drawdown of the values (0 or negative). */
  function maxDrawdown(values) {
    return drawdown(values).reduce(function (worst, d) { return d === null ? worst : Math.min(worst, d); }, 0);
  }

  // The x range: the data's, widened by pad seconds either side (always, or for a single point only: uPlot alone gives a
  // single time point a range of years).
  function timeRange(pad, always) {
    return function (u) {
      var times = u.data[0];
      var widen = always || times.length === 1 ? pad : 0;
      return times.length === 0 ? [0, 1] : [times[0] - widen, times[times.length - 1] + widen];
    };
  }

  function widthOf(el) { return Math.max(280, Math.floor(el.getBoundingClientRect().width) || 600); }

  // One chart per element: drawing again replaces it, and a resize of the window resizes every chart.
  function draw(el, options, data) {
    if (el._chart) { el._chart.destroy(); }
    options.width = widthOf(el);
    el._chart = new uPlot(options, data, el);
    el.dataset.points = String(data[0].length);
    return el._chart;
  }

  var resizeQueued = false;
  global.addEventListener('resize', function () {
    if (resizeQueued) { return; }
    resizeQueued = true;
    global.requestAnimationFrame(function () {
      resizeQueued = false;
      document.querySelectorAll('.fb-chart').forEach(function (el) {
        if (el._chart) { el._chart.setSize({ width: widthOf(el), height: el._chart.height }); }
      });
    });
  });

  /**
   * The equity curve (left axis) and its drawdown as a red area (right axis), both in the quote asset.
   * times: UTC seconds; values: equity at each time.
   */
  function equity(el, times, values, opts) {
    opts = opts || {};
    el.classList.add('fb-chart');
    return draw(el, {
      height: opts.height || 260,
      scales: { x: { time: true, range: timeRange(3600, false) }, dd: { auto: true } },
      series: [
        {},
        { label: opts.label || 'Equity', stroke: blue, width: 2, points: { show: times.length < 3 } },
        { label: 'Drawdown', scale: 'dd', stroke: red, width: 1, fill: 'rgba(220, 38, 38, 0.18)', points: { show: false } },
      ],
      axes: [{}, { label: opts.unit || '' }, { side: 1, scale: 'dd', grid: { show: false }, label: 'Drawdown' }],
      legend: { live: true },
    }, [times, values, drawdown(values)]);
  }

  /** Daily P&L as bars from zero, each at its day's middle: gains green, losses red. times: UTC seconds of each day's start. */
  function dailyPnl(el, times, values, opts) {
    opts = opts || {};
    el.classList.add('fb-chart');
    var bars = uPlot.paths.bars({ size: [0.7, 48], align: 0 });
    var middays = times.map(function (t) { return t + 43200; });
    return draw(el, {
      height: opts.height || 200,
      scales: {
        x: { time: true, range: timeRange(43200, true) },
        // Zero is always in view, so a bar's length is its P&L.
        y: { range: function (u, min, max) { var low = Math.min(0, min), high = Math.max(0, max), pad = (high - low || 1) * 0.08; return [low - (low < 0 ? pad : 0), high + (high > 0 ? pad : 0) || 1]; } },
      },
      series: [
        {},
        { label: 'Gain', stroke: green, fill: 'rgba(22, 163, 74, 0.6)', paths: bars, points: { show: false } },
        { label: 'Loss', stroke: red, fill: 'rgba(220, 38, 38, 0.6)', paths: bars, points: { show: false } },
      ],
      axes: [{}, { label: opts.unit || '' }],
    }, [middays, values.map(function (v) { return v >= 0 ? v : null; }), values.map(function (v) { return v < 0 ? v : null; })]);
  }

  global.FunctionsBotCharts = { equity: equity, dailyPnl: dailyPnl, drawdown: drawdown, maxDrawdown: maxDrawdown };
})(window);
