// The FunctionsBot dashboard: reads the app's own read APIs (the ledger), refreshes itself, and says what is wrong when
// a part of the bot is. The function key, where one is needed, lives in this tab's session storage, never in a URL.
(function () {
  'use strict';

  var keyName = 'functionsbot.functionKey';
  var params = new URLSearchParams(window.location.search);
  var refreshSeconds = Math.max(2, Number(params.get('refresh')) || 10);
  var timer = null;
  var keyPrompt = null;

  function $(id) { return document.getElementById(id); }

  // ---- API -------------------------------------------------------------------------------------------------------

  /** GET or POST one API route (relative to the page: /api/<path>); resolves to {ok, status, data, problem}. */
  function api(path, init) {
    init = init || {};
    var headers = { 'accept': 'application/json' };
    var key = window.sessionStorage.getItem(keyName);
    if (key) { headers['x-functions-key'] = key; }
    if (init.body) { headers['content-type'] = 'application/json'; }
    return fetch(path, { method: init.method || 'GET', headers: headers, body: init.body, cache: 'no-store', credentials: 'same-origin', redirect: 'manual' })
      .then(function (response) {
        if (response.type === 'opaqueredirect') {
          // App Service authentication wants a fresh login: reloading the page goes through it and comes back here.
          window.location.reload();
          return { ok: false, status: 0, problem: 'Signing in again…' };
        }
        if (response.status === 401) {
          return askForKey(key !== null).then(function () { return api(path, init); });
        }
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          var ok = response.ok || (path.indexOf('health') === 0 && response.status === 503 && data && data.status);
          var problem = ok ? null : describe(response.status, data);
          return { ok: !!ok, status: response.status, data: data, problem: problem };
        });
      }, function () {
        return { ok: false, status: 0, data: null, problem: 'The app did not answer (is it running?).' };
      });
  }

  function describe(status, data) {
    if (data && (data.title || data.detail)) {
      // A problem's detail may already list its errors (the equity range does); the others add what it does not say.
      var text = [data.title, data.detail].filter(Boolean).join(' ');
      var unsaid = (Array.isArray(data.errors) ? data.errors : []).filter(function (e) { return text.indexOf(e) < 0; });
      return unsaid.length ? text + ' ' + unsaid.join(' ') : text;
    }
    return 'HTTP ' + status + '.';
  }

  /** Shows the key dialog (once at a time); resolves when a key was entered. */
  function askForKey(rejected) {
    if (keyPrompt) { return keyPrompt; }
    var dialog = $('key-dialog');
    $('key-error').hidden = !rejected;
    $('key-error').textContent = rejected ? 'That key was refused. Enter the function key again.' : '';
    $('key-input').value = '';
    window.sessionStorage.removeItem(keyName);
    keyPrompt = new Promise(function (resolve) {
      $('key-form').onsubmit = function (event) {
        event.preventDefault();
        var value = $('key-input').value.trim();
        if (!value) { return; }
        window.sessionStorage.setItem(keyName, value);
        $('key-input').value = '';
        dialog.close();
        keyPrompt = null;
        resolve();
      };
    });
    if (!dialog.open) { dialog.showModal(); }
    return keyPrompt;
  }

  // ---- formatting -------------------------------------------------------------------------------------------------

  function money(v) { return (v > 0 ? '+' : '') + Number(v).toFixed(2); }
  // Up to 10 decimals, never in exponent notation (a commission of 3.4e-7 BTC reads 0.00000034).
  function plain(v) { return v === null || v === undefined ? '—' : Number(v).toFixed(10).replace(/\.?0+$/, ''); }
  function price(v) { return v === null || v === undefined ? '—' : String(Number(Number(v).toPrecision(10))); }
  function time(iso) { return iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—'; }
  function ago(iso) {
    var seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    return seconds < 120 ? seconds + ' s ago' : seconds < 7200 ? Math.round(seconds / 60) + ' min ago' : Math.round(seconds / 3600) + ' h ago';
  }
  function sign(el, v) { el.classList.toggle('pos', v > 0); el.classList.toggle('neg', v < 0); }

  /** Sets a tile: its text, and its exact value for whoever reads the page (null clears it). */
  function tile(id, text, value, sub) {
    var el = $('tile-' + id);
    el.textContent = text;
    if (value === null || value === undefined) { delete el.dataset.value; el.classList.remove('pos', 'neg'); } else { el.dataset.value = String(value); }
    var subEl = $('tile-' + id + '-sub');
    if (subEl && sub !== undefined) { subEl.textContent = sub; }
    return el;
  }

  function cell(text, className, value) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) { td.className = className; }
    if (value !== undefined && value !== null) { td.dataset.value = String(value); }
    return td;
  }

  function rows(tableId, items, render, empty) {
    var body = $(tableId).querySelector('tbody');
    body.replaceChildren();
    var columns = $(tableId).querySelectorAll('thead th').length;
    if (typeof items === 'string' || items.length === 0) {
      var tr = document.createElement('tr');
      var td = cell(typeof items === 'string' ? items : empty, typeof items === 'string' ? 'error-row' : 'empty');
      td.colSpan = columns;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    items.forEach(function (item) {
      var tr = document.createElement('tr');
      render(item).forEach(function (td) { tr.appendChild(td); });
      body.appendChild(tr);
    });
  }

  // ---- rendering --------------------------------------------------------------------------------------------------

  function renderHealth(result, problems) {
    var badge = $('health');
    badge.className = 'badge';
    if (!result.ok) {
      badge.textContent = 'health unknown';
      tile('health', '—', null, '');
      tile('cycle', '—', null, '');
      $('mode').textContent = '';
      problems.push('Health: ' + result.problem);
      return;
    }
    var h = result.data;
    badge.textContent = h.status;
    badge.classList.add(h.status);
    $('mode').textContent = h.mode;
    tile('health', h.status, h.status, h.problems ? h.problems.length + ' problem(s)' : 'every check healthy');
    (h.problems || []).forEach(function (p) { problems.push(p); });
    var last = (h.checks || []).filter(function (c) { return c.name === 'lastCycle'; })[0];
    var at = last && last.data && last.data.lastSuccessfulCycleAt;
    if (at && at !== 'never') {
      tile('cycle', ago(at), at, time(at) + (last.status === 'Healthy' ? '' : ' · ' + last.status));
    } else if (at === 'never') {
      tile('cycle', 'never', null, 'no cycle has completed yet');
    } else {
      tile('cycle', '—', null, 'unknown: ' + (last ? last.description || last.status : 'no such check'));
    }
  }

  function renderKillSwitch(result, problems) {
    var on = $('ks-on'), flatten = $('ks-flatten'), off = $('ks-off');
    if (!result.ok) {
      tile('killswitch', '—', null, '');
      $('killswitch-text').textContent = 'Unknown: ' + result.problem;
      on.disabled = flatten.disabled = off.disabled = true;
      problems.push('Kill switch: ' + result.problem);
      return;
    }
    var k = result.data;
    var el = tile('killswitch', k.active ? (k.mode === 'Flatten' ? 'FLATTEN' : 'ON') : 'off', k.active ? k.mode : 'Armed',
      k.since ? 'since ' + time(k.since) + (k.by ? ' by ' + k.by : '') : '');
    el.classList.toggle('neg', !!k.active);
    $('killswitch-text').textContent = k.active
      ? 'Active (' + k.mode + ')' + (k.since ? ' since ' + time(k.since) : '') + (k.by ? ' by ' + k.by : '') + (k.reason ? ': ' + k.reason : '') + '. No new entries' + (k.mode === 'Flatten' ? '; open positions are being sold.' : '.')
      : 'Armed: the bot may enter positions' + (k.since ? ' (re-armed ' + time(k.since) + (k.by ? ' by ' + k.by : '') + ')' : '') + '.';
    // While entries are blocked, Flatten is still offered: the one change the API allows on an active switch is that escalation.
    on.disabled = !!k.active;
    flatten.disabled = !!k.active && k.mode === 'Flatten';
    off.disabled = !k.active;
  }

  function renderPnl(result, problems) {
    if (!result.ok) {
      tile('pnl-today', '—', null);
      tile('pnl-total', '—', null);
      $('tile-trades-today').textContent = '';
      clearChart('pnl-chart', 'pnl-empty', 'Unavailable: ' + result.problem);
      problems.push('P&L: ' + result.problem);
      return;
    }
    var p = result.data;
    var today = new Date().toISOString().slice(0, 10);
    var day = (p.days || []).filter(function (d) { return d.day === today; })[0];
    sign(tile('pnl-today', money(day ? day.realized : 0), day ? day.realized : 0), day ? day.realized : 0);
    $('tile-trades-today').textContent = (day ? day.trades : 0) + ' trade(s) today, ' + p.quoteAsset;
    sign(tile('pnl-total', money(p.total), p.total), p.total);
    var days = (p.days || []).slice().reverse();
    if (days.length === 0) {
      clearChart('pnl-chart', 'pnl-empty', 'No realized P&L yet.');
      return;
    }
    $('pnl-empty').hidden = true;
    FunctionsBotCharts.dailyPnl($('pnl-chart'), days.map(function (d) { return Date.parse(d.day + 'T00:00:00Z') / 1000; }), days.map(function (d) { return d.realized; }), { unit: p.quoteAsset });
  }

  function renderEquity(result, problems) {
    if (!result.ok) {
      tile('equity', '—', null, '');
      tile('drawdown', '—', null);
      clearChart('equity-chart', 'equity-empty', 'Unavailable: ' + result.problem);
      problems.push('Equity: ' + result.problem);
      return;
    }
    var points = result.data.points;
    $('equity-note').textContent = result.data.quoteAsset + ', P&L since the account started, one point per hour';
    if (points.length === 0) {
      tile('equity', '—', null, 'no point yet');
      tile('drawdown', '—', null);
      clearChart('equity-chart', 'equity-empty', 'No equity point yet: every cycle writes its hour\'s point.');
      return;
    }
    var last = points[points.length - 1];
    var values = points.map(function (p) { return p.equity; });
    sign(tile('equity', money(last.equity), last.equity, 'realized ' + money(last.realized) + ' · unrealized ' + money(last.unrealized)), last.equity);
    var worst = FunctionsBotCharts.maxDrawdown(values);
    sign(tile('drawdown', money(worst), worst), worst);
    $('equity-empty').hidden = true;
    FunctionsBotCharts.equity($('equity-chart'), points.map(function (p) { return Date.parse(p.hour) / 1000; }), values, { unit: result.data.quoteAsset });
  }

  function clearChart(chartId, emptyId, text) {
    var el = $(chartId);
    if (el._chart) { el._chart.destroy(); el._chart = null; }
    el.dataset.points = '0';
    $(emptyId).textContent = text;
    $(emptyId).hidden = false;
  }

  function renderPositions(result, problems) {
    if (!result.ok) {
      tile('open', '—', null);
      $('tile-unprotected').textContent = '';
      rows('positions', 'Unavailable: ' + result.problem);
      rows('trades', 'Unavailable: ' + result.problem);
      problems.push('Positions: ' + result.problem);
      return;
    }
    var all = result.data.positions;
    var open = all.filter(function (p) { return p.status === 'Open' || p.status === 'Closing' || p.status === 'Pending'; });
    var counted = open.filter(function (p) { return p.status !== 'Pending'; });
    var unprotected = counted.filter(function (p) { return p.status === 'Open' && !(p.protection && p.protection.status === 'Active'); });
    var dust = all.filter(function (p) { return p.status === 'Dust'; });
    tile('open', String(counted.length), counted.length);
    $('tile-unprotected').textContent = unprotected.length + ' without a working stop · ' + dust.length + ' dust';
    $('tile-unprotected').classList.toggle('neg', unprotected.length > 0);
    rows('positions', open, function (p) {
      var protection = p.protection ? p.protection.status + (p.protection.problem ? ': ' + p.protection.problem : '') : 'none';
      var bad = p.status === 'Open' && !(p.protection && p.protection.status === 'Active');
      return [cell('#' + p.sequence), cell(p.symbol), cell(p.status), cell(plain(p.quantity), 'num', p.quantity), cell(price(p.entryPrice), 'num', p.entryPrice),
        cell(price(p.stopPrice), 'num', p.stopPrice), cell(price(p.takeProfitPrice), 'num', p.takeProfitPrice), cell(bad ? 'UNPROTECTED (' + protection + ')' : protection, bad ? 'neg' : ''),
        cell(time(p.openedAt || p.createdAt))];
    }, 'No open positions.');
    var trades = all.filter(function (p) { return p.soldQuantity > 0 && (p.status === 'Closed' || p.status === 'Dust'); })
      .sort(function (a, b) { return (b.closedAt || '').localeCompare(a.closedAt || ''); }).slice(0, 50);
    rows('trades', trades, function (p) {
      var fees = Object.keys(p.fees || {}).map(function (asset) { return plain(p.fees[asset]) + ' ' + asset; }).join(', ') || '—';
      var pnl = cell(money(p.realizedPnl), 'num', p.realizedPnl);
      sign(pnl, p.realizedPnl);
      return [cell(time(p.closedAt)), cell('#' + p.sequence), cell(p.symbol), cell(plain(p.soldQuantity), 'num', p.soldQuantity), cell(price(p.entryPrice), 'num', p.entryPrice),
        cell(price(p.exitPrice), 'num', p.exitPrice), cell(fees), pnl, cell(p.exitReason || '—')];
    }, 'No closed trades yet.');
  }

  function renderAudit(result, problems) {
    if (!result.ok) {
      rows('audit', 'Unavailable: ' + result.problem);
      problems.push('Audit trail: ' + result.problem);
      return;
    }
    rows('audit', result.data.records, function (r) {
      return [cell(new Date(r.at).toISOString().slice(0, 19).replace('T', ' ')), cell(r.kind), cell(r.actor), cell(r.message, 'message')];
    }, 'No audit records.');
  }

  function renderProblems(problems) {
    var banner = $('problems');
    banner.replaceChildren();
    banner.hidden = problems.length === 0;
    if (problems.length === 0) { return; }
    var title = document.createElement('strong');
    title.textContent = 'Something is wrong:';
    var list = document.createElement('ul');
    problems.forEach(function (p) { var li = document.createElement('li'); li.textContent = p; list.appendChild(li); });
    banner.append(title, list);
  }

  // The equity history of the last year, oldest first. The first load reads every page; later refreshes read from the
  // newest point's hour on (that hour's point is rewritten by every cycle) and append. A failed read forgets it all:
  // the page shows nothing it could not read this time.
  var equityKnown = [];
  function loadEquity() {
    var yearAgo = Date.now() - 365 * 86400000;
    var since = equityKnown.length ? equityKnown[equityKnown.length - 1].hour : new Date(yearAgo).toISOString();
    var points = [];
    function page(continuation, left) {
      var path = 'equity?limit=1000&from=' + encodeURIComponent(since) + (continuation ? '&continuation=' + encodeURIComponent(continuation) : '');
      return api(path).then(function (result) {
        if (!result.ok) {
          equityKnown = [];
          return result;
        }
        points = points.concat(result.data.points);
        if (result.data.continuation && left > 0) { return page(result.data.continuation, left - 1); }
        var from = Date.parse(since);
        equityKnown = equityKnown.filter(function (p) { return Date.parse(p.hour) < from; }).concat(points)
          .filter(function (p) { return Date.parse(p.hour) >= yearAgo - 3600000; });
        result.data.points = equityKnown;
        return result;
      });
    }
    return page(null, 20);
  }

  function refresh() {
    window.clearTimeout(timer);
    var loads = [api('health/verbose'), api('killswitch'), api('pnl'), loadEquity(), api('positions?status=all'), api('audit?limit=25')];
    return Promise.all(loads).then(function (results) {
      var problems = [];
      renderHealth(results[0], problems);
      renderKillSwitch(results[1], problems);
      renderPnl(results[2], problems);
      renderEquity(results[3], problems);
      renderPositions(results[4], problems);
      renderAudit(results[5], problems);
      renderProblems(problems);
      $('updated').textContent = 'updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
    }).catch(function (error) {
      renderProblems(['The page failed to draw: ' + error.message]);
    }).then(function () {
      timer = window.setTimeout(refresh, refreshSeconds * 1000);
    });
  }

  // ---- kill switch ------------------------------------------------------------------------------------------------

  /** A confirmation: resolves to the reason given, or null when cancelled. With a word, the person must type it. */
  function confirmStep(title, text, word, reason) {
    var dialog = $('confirm-dialog');
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    $('confirm-reason-label').hidden = reason === false;
    $('confirm-reason').value = typeof reason === 'string' ? reason : '';
    $('confirm-typed-label').hidden = !word;
    $('confirm-word').textContent = word || '';
    $('confirm-typed').value = '';
    $('confirm-error').hidden = true;
    return new Promise(function (resolve) {
      $('confirm-form').onsubmit = function (event) {
        event.preventDefault();
        var ok = event.submitter && event.submitter.value === 'ok';
        if (ok && reason !== false && !$('confirm-reason').value.trim()) { return fail('Give a reason: it goes into the audit trail.'); }
        if (ok && word && $('confirm-typed').value.trim() !== word) { return fail('Type ' + word + ' exactly to confirm.'); }
        dialog.close();
        resolve(ok ? ($('confirm-reason').value.trim() || reason) : null);
      };
      dialog.showModal();
    });
    function fail(message) { $('confirm-error').textContent = message; $('confirm-error').hidden = false; }
  }

  function setKillSwitch(body) {
    return api('killswitch', { method: 'POST', body: JSON.stringify(body) }).then(function (result) {
      if (!result.ok) { renderProblems(['Kill switch not changed: ' + result.problem]); return; }
      return refresh();
    });
  }

  function wire() {
    $('refresh').addEventListener('click', function () { refresh(); });
    $('ks-on').addEventListener('click', function () {
      confirmStep('Turn the kill switch on?', 'The bot stops entering positions. Open positions keep their stops and exits.').then(function (reason) {
        if (reason) { return setKillSwitch({ active: true, mode: 'BlockEntries', reason: reason, actor: 'dashboard' }); }
      });
    });
    $('ks-flatten').addEventListener('click', function () {
      confirmStep('Flatten every position?', 'The kill switch turns on and the next cycles sell every open position at market.').then(function (reason) {
        if (!reason) { return; }
        return confirmStep('Second confirmation', 'Selling at market cannot be undone. Positions are sold whatever their P&L.', 'FLATTEN', reason).then(function (confirmed) {
          if (confirmed) { return setKillSwitch({ active: true, mode: 'Flatten', reason: confirmed, actor: 'dashboard' }); }
        });
      });
    });
    $('ks-off').addEventListener('click', function () {
      confirmStep('Re-arm the bot?', 'The kill switch turns off: the bot may enter positions again at its next cycle.').then(function (reason) {
        if (reason) { return setKillSwitch({ active: false, reason: reason, actor: 'dashboard' }); }
      });
    });
    refresh();
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', wire); } else { wire(); }
})();
