/* graphkit timeline: the page's own script.
 * Record text only ever reaches the screen through textContent and SVG text nodes:
 * never innerHTML. Every word the page shows comes from data.words (graphkit/messages.toml). */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gk-data').textContent);
  var meta = data.meta, W = data.words;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var LABEL_W = 230, ROW_H = 30, AXIS_H = 28, DAY_MS = 86400000;
  var STAGE_COLORS = { 0: '#9A9A9A', 1: '#56B4E9', 2: '#E69F00', 3: '#D55E00', 4: '#8B0000' };
  var RELATION_COLOR = '#7B3FA0';

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return values[k] === undefined ? m : String(values[k]); });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function day(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS; }
  function wordOf(list, code) {
    for (var i = 0; i < list.length; i += 1) { if (list[i].code === code) { return list[i].word; } }
    return code || W.none;
  }

  /* ---- state ------------------------------------------------------------------------------ */
  var state = {
    channels: new Set(meta.channels.map(function (c) { return c.code; })),
    outcomes: new Set(meta.outcomes.map(function (c) { return c.code; })),
    relations: true, selected: null
  };
  function visible(item) {
    if (item.type === 'relation') { return state.relations; }
    return state.channels.has(item.channel) && state.outcomes.has(item.outcome);
  }

  /* ---- drawing ----------------------------------------------------------------------------- */
  var chart = document.getElementById('gk-chart');
  var first = meta.date_min ? day(meta.date_min) : 0;
  var last = meta.date_max ? day(meta.date_max) + 1 : 1;
  var span = Math.max(last - first, 1);
  var plotW = Math.max(900, Math.min(span * 2, 4000));
  var perDay = plotW / span;
  function x(iso) { return (day(iso) - first) * perDay + 6; }
  var height = AXIS_H + data.lanes.length * ROW_H + 4;
  // two drawings side by side: the lane names stay in view while the plot scrolls
  var row = el('div', null, 'gk-row-chart');
  var names = svg('svg', { width: LABEL_W, height: height, 'class': 'gk-labels', id: 'gk-labels' });
  var root = svg('svg', { width: plotW + 20, height: height, id: 'gk-svg', role: 'img' });
  root.appendChild(svg('title', {}, document.getElementById('gk-heading').textContent));
  row.appendChild(names);
  row.appendChild(root);
  chart.appendChild(row);

  // the axis: a tick at each year (and each month when the range is short)
  if (meta.date_min) {
    var y0 = +meta.date_min.slice(0, 4), y1 = +meta.date_max.slice(0, 4);
    var monthly = span < 800;
    for (var yr = y0; yr <= y1; yr += 1) {
      for (var mo = 1; mo <= 12; mo += 1) {
        if (!monthly && mo > 1) { break; }
        var iso = yr + '-' + (mo < 10 ? '0' : '') + mo + '-01';
        if (day(iso) < first || day(iso) > last) { continue; }
        var tx = x(iso);
        root.appendChild(svg('line', { x1: tx, y1: AXIS_H - 6, x2: tx, y2: height, stroke: mo === 1 ? '#BBBBBB' : '#EEEEEE' }));
        if (mo === 1 || perDay * 30 > 34) {
          root.appendChild(svg('text', { x: tx + 2, y: AXIS_H - 10, fill: '#444' }, mo === 1 ? String(yr) : iso.slice(0, 7)));
        }
      }
    }
  }
  // lanes
  data.lanes.forEach(function (lane, i) {
    var top = AXIS_H + i * ROW_H;
    if (i % 2 === 0) {
      root.appendChild(svg('rect', { x: 0, y: top, width: plotW + 20, height: ROW_H, fill: '#F7F7F7' }));
      names.appendChild(svg('rect', { x: 0, y: top, width: LABEL_W, height: ROW_H, fill: '#F7F7F7' }));
    }
    var label = svg('text', { x: 6, y: top + ROW_H / 2 + 4, fill: lane.foreign === true ? '#B00000' : '#1A1A1A', 'class': 'gk-lane' }, lane.label);
    label.appendChild(svg('title', {}, lane.label + ' · ' + lane.kind + (lane.foreign === true ? ' · ' + W.foreign : (lane.foreign === false ? ' · ' + W.domestic : ''))));
    names.appendChild(label);
  });
  // items
  var shapes = new Map();
  data.items.forEach(function (item) {
    var top = AXIS_H + item.lane * ROW_H;
    var left = x(item.start), right = x(item.end) + perDay;  // the period's last day included
    var isRelation = item.type === 'relation';
    var rect = svg('rect', {
      x: left, y: top + (isRelation ? ROW_H / 2 + 2 : 4), width: Math.max(right - left, 2),
      height: isRelation ? ROW_H / 2 - 6 : ROW_H / 2 - 4, rx: 2,
      fill: isRelation ? RELATION_COLOR : STAGE_COLORS[meta.stages[item.outcome] || 0],
      'fill-opacity': 0.75, 'class': 'gk-item', 'data-id': item.id, 'data-precision': item.precision
    });
    rect.appendChild(svg('title', {}, summary(item)));
    rect.addEventListener('click', function () { select(item.id); });
    root.appendChild(rect);
    shapes.set(item.id, rect);
  });

  function summary(item) {
    var parts = [item.date];
    if (item.type === 'relation') { parts.push(item.from + ' → ' + item.to + ' (' + item.relation + ')'); }
    else {
      parts.push(item.from + ' → ' + item.to + (item.via ? ' (' + W.via + ' ' + item.via + ')' : ''));
      parts.push(wordOf(meta.channels, item.channel) + ' / ' + wordOf(meta.outcomes, item.outcome));
    }
    return parts.join(' · ');
  }

  /* ---- details ----------------------------------------------------------------------------- */
  var details = document.getElementById('gk-details');
  function line(box, key, value) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) { return; }
    var row = el('div', null, 'gk-row');
    row.appendChild(el('span', key, 'gk-key'));
    row.appendChild(el('span', Array.isArray(value) ? value.join(', ') : value, 'gk-val'));
    box.appendChild(row);
  }
  function select(id) {
    if (state.selected !== null && shapes.has(state.selected)) { shapes.get(state.selected).classList.remove('gk-selected'); }
    state.selected = id;
    var item = data.items[id];
    shapes.get(id).classList.add('gk-selected');
    var box = el('div');
    box.appendChild(el('h2', item.type === 'relation' ? W.relation_item : W.approach_item));
    box.appendChild(el('div', item.from + ' → ' + item.to, 'gk-title'));
    line(box, W.date, item.date + ' (' + W['precision_' + item.precision] + ')');
    line(box, W.lane, data.lanes[item.lane].label);
    if (item.type === 'relation') { line(box, W.relation, item.relation); }
    else {
      line(box, W.role, W['role_' + item.role]);
      line(box, W.via, item.via);
      line(box, W.channel, wordOf(meta.channels, item.channel));
      line(box, W.outcome, wordOf(meta.outcomes, item.outcome));
      line(box, W.technologies, item.technologies);
    }
    box.appendChild(el('div', W.records, 'gk-key'));
    var list = el('ul', null, 'gk-records');
    item.records.forEach(function (r) {
      var parts = [r.file + ':' + r.row];
      if (r.contact_id) { parts.push(r.contact_id); }
      if (r.case) { parts.push(W.case + ' ' + r.case); }
      parts.push(W.record + ' ' + r.record_id);
      list.appendChild(el('li', parts.join(' · ')));
    });
    box.appendChild(list);
    var close = el('button', W.close);
    close.type = 'button';
    close.id = 'gk-close';
    close.addEventListener('click', function () { details.hidden = true; });
    box.appendChild(close);
    details.replaceChildren(box);
    details.hidden = false;
  }

  /* ---- filters ----------------------------------------------------------------------------- */
  var counts = document.getElementById('gk-counts');
  function apply() {
    var shown = 0;
    data.items.forEach(function (item) {
      var on = visible(item);
      shapes.get(item.id).setAttribute('visibility', on ? 'visible' : 'hidden');
      if (on) { shown += 1; }
    });
    counts.textContent = fmt(W.counts, { shown: shown, total: data.items.length, lanes: data.lanes.length });
  }
  var boxes = [];
  function checklist(holderId, values, set) {
    var holder = document.getElementById(holderId);
    values.forEach(function (v) {
      var label = el('label', null, 'gk-check');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = v.code;
      box.addEventListener('change', function () { if (box.checked) { set.add(v.code); } else { set.delete(v.code); } apply(); });
      label.appendChild(box);
      label.appendChild(el('span', v.word));
      holder.appendChild(label);
      boxes.push([box, function () { set.add(v.code); }]);
    });
  }
  checklist('gk-channels', meta.channels, state.channels);
  checklist('gk-outcomes', meta.outcomes, state.outcomes);
  (function () {
    var holder = document.getElementById('gk-outcomes');
    var label = el('label', null, 'gk-check');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.id = 'gk-relations';
    box.addEventListener('change', function () { state.relations = box.checked; apply(); });
    label.appendChild(box);
    label.appendChild(el('span', W.show_relations));
    holder.appendChild(label);
    boxes.push([box, function () { state.relations = true; }]);
  }());
  document.getElementById('gk-all').addEventListener('click', function () {
    boxes.forEach(function (pair) { pair[0].checked = true; pair[1](); });
    apply();
  });

  /* ---- legend and notes -------------------------------------------------------------------- */
  var legend = document.getElementById('gk-legend');
  function legendRow(color, text) {
    var row = el('div', null, 'gk-legend-row');
    var s = svg('svg', { width: 24, height: 12, 'aria-hidden': 'true' });
    s.appendChild(svg('rect', { x: 0, y: 1, width: 24, height: 10, rx: 2, fill: color, 'fill-opacity': 0.75 }));
    row.appendChild(s);
    row.appendChild(el('span', text));
    legend.appendChild(row);
  }
  [1, 2, 3, 4].forEach(function (s) { legendRow(STAGE_COLORS[s], W['stage_' + s]); });
  legendRow(STAGE_COLORS[0], W.stage_0);
  legendRow(RELATION_COLOR, W.relation_item);
  document.getElementById('gk-range').textContent = meta.date_min
    ? fmt(W.range, { first: meta.date_min, last: meta.date_max }) : W.no_dates;
  var notes = [];
  if (meta.undated) { notes.push(fmt(W.undated, { n: meta.undated })); }
  if (meta.left_out) { notes.push(fmt(W.left_out, { n: meta.left_out })); }
  document.getElementById('gk-undated').textContent = notes.join(' ');
  apply();
  document.body.setAttribute('data-ready', '1');

  window.graphkitTimeline = {
    items: function () { return data.items.length; },
    visibleItems: function () { return data.items.filter(visible).map(function (i) { return i.id; }); },
    select: select
  };
}());
