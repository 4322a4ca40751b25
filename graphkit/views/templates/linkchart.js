/* graphkit link chart: the page's own script.
 * Record text only ever reaches the screen through textContent, option.value and the canvas:
 * never innerHTML, never an HTML string handed to vis-network. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gk-data').textContent);
  var meta = data.meta, W = data.words;
  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return values[k] === undefined ? m : String(values[k]); });
  }
  function kindWord(k) { return meta.kind_words[k] || k; }
  function relationWord(r) { return meta.relation_words[r] || r; }
  var VIS_NODE_KEYS = ['id', 'label', 'shape', 'size', 'color', 'borderWidth', 'borderWidthSelected',
    'shapeProperties', 'shadow', 'x', 'y'];
  var VIS_EDGE_KEYS = ['id', 'from', 'to', 'width', 'color', 'dashes', 'shadow'];
  var DIM_NODE = { background: '#E8E8E8', border: '#D0D0D0',
    highlight: { background: '#E8E8E8', border: '#D0D0D0' }, hover: { background: '#E8E8E8', border: '#D0D0D0' } };
  var DIM_FONT = { color: '#C4C4C4', strokeWidth: 0 };
  var PLAIN_FONT = { color: data.options.nodes.font.color, strokeWidth: data.options.nodes.font.strokeWidth };
  var DIM_EDGE = { color: '#E6E6E6', highlight: '#E6E6E6', hover: '#E6E6E6', opacity: 0.6 };
  var NO_SHADOW = { enabled: false };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function fold(s) { return String(s === null || s === undefined ? '' : s).normalize('NFKC').toLowerCase(); }
  function pick(item, keys) {
    var out = {};
    keys.forEach(function (k) { if (item[k] !== undefined) { out[k] = item[k]; } });
    return out;
  }
  function periodStart(d) { return d.length === 4 ? d + '-01-01' : (d.length === 7 ? d + '-01' : d.slice(0, 10)); }
  function periodEnd(d) { return d.length === 4 ? d + '-12-31' : (d.length === 7 ? d + '-31' : d.slice(0, 10)); }

  /* ---- facts ------------------------------------------------------------------------------ */
  var nodeFacts = new Map();
  var edgeFacts = new Map();
  var incident = new Map();
  var NODE_FONT = data.options.nodes.font;
  data.nodes.forEach(function (n) {
    // hover and selection keep the node's own colours: a foreign ring stays red
    var c = n.color;
    n.color = { background: c.background, border: c.border,
      highlight: { background: c.background, border: c.border }, hover: { background: c.background, border: c.border } };
    n.font = NODE_FONT;
    n.search = [n.name].concat(n.aliases || []).map(fold);
    nodeFacts.set(n.id, n);
    incident.set(n.id, []);
  });
  data.edges.forEach(function (e) {
    e.color = { color: e.color, highlight: e.color, hover: e.color, opacity: 1.0 };
    e.relations = e.relations || [e.relation];
    var dates = e.dates || e.evidence.map(function (x) { return x.date; }).filter(Boolean);
    e.periods = dates.map(function (d) { return [periodStart(d), periodEnd(d)]; });
    edgeFacts.set(e.id, e);
    incident.get(e.from).push(e.id);
    if (e.to !== e.from) { incident.get(e.to).push(e.id); }
  });

  var nodes = new vis.DataSet(data.nodes.map(function (n) { return pick(n, VIS_NODE_KEYS); }));
  var edges = new vis.DataSet(data.edges.map(function (e) { return pick(e, VIS_EDGE_KEYS); }));
  var container = document.getElementById('gk-network');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  /* ---- state and filtering ----------------------------------------------------------------- */
  var state = {
    kinds: new Set(meta.kinds), relations: new Set(meta.relations), kase: '',
    since: '', until: '', query: '', matches: null, focus: null
  };
  var shown = { nodes: new Map(), edges: new Map() };   // id -> {hidden, dim, width}

  // Recolouring thousands of items costs vis-network about a second per 5,000; above this limit
  // search and focus select and zoom instead of greying out everything else.
  var canDim = data.nodes.length <= meta.dim_limit;

  function windowActive() { return Boolean(state.since || state.until); }
  function countInWindow(e) {
    var lo = state.since || '0000-01-01', hi = state.until || '9999-12-31', k = 0;
    e.periods.forEach(function (p) { if (p[0] <= hi && p[1] >= lo) { k += 1; } });
    return k;
  }
  function widthFor(e, count) {
    var w = e.inferred ? 1.2 : Math.min(1.5 + 1.6 * Math.log2(Math.max(count, 1)), 9.0);
    // rounded as Python rounds the initial widths, so an unchanged link is never re-sent
    return Math.round((e.on_path ? Math.max(w * 1.8, 5.0) : w) * 100) / 100;
  }

  function apply() {
    var timed = windowActive();
    var edgeVisible = new Map(), counts = new Map(), hasEdge = new Set();
    data.edges.forEach(function (e) {
      var a = nodeFacts.get(e.from), b = nodeFacts.get(e.to);
      var ok = state.relations.has(e.relation) && state.kinds.has(a.kind) && state.kinds.has(b.kind);
      if (ok && state.kase) { ok = e.cases.indexOf(state.kase) >= 0; }
      var count = e.contacts;
      if (ok && timed) { count = countInWindow(e); ok = count > 0; }
      edgeVisible.set(e.id, ok);
      counts.set(e.id, count);
      if (ok) { hasEdge.add(e.from); hasEdge.add(e.to); }
    });
    var emphasis = null;
    if (!canDim) {
      emphasis = null;
    } else if (state.focus !== null) {
      emphasis = new Set([state.focus]);
      incident.get(state.focus).forEach(function (id) {
        if (edgeVisible.get(id)) { var e = edgeFacts.get(id); emphasis.add(e.from); emphasis.add(e.to); }
      });
    } else if (state.matches) {
      emphasis = state.matches;
    }
    var nodeUpdates = [], edgeUpdates = [], hideNodes = [], hideEdges = [];
    data.nodes.forEach(function (n) {
      var visible = state.kinds.has(n.kind);
      if (visible && (state.kase || timed)) {
        visible = hasEdge.has(n.id) || (incident.get(n.id).length === 0 && !timed && !state.kase) ||
          (Boolean(state.kase) && !timed && n.cases.indexOf(state.kase) >= 0);
      }
      var dim = visible && emphasis !== null && !emphasis.has(n.id);
      var was = shown.nodes.get(n.id) || { hidden: false, dim: false };
      if (was.hidden !== !visible || was.dim !== dim) {
        // send only what changed: vis-network re-parses every option it is given
        if (was.hidden !== !visible) { hideNodes.push([n.id, !visible]); }
        if (was.dim !== dim) {
          nodeUpdates.push({ id: n.id, color: dim ? DIM_NODE : n.color, font: dim ? DIM_FONT : PLAIN_FONT,
            shadow: dim ? NO_SHADOW : (n.shadow || NO_SHADOW) });
        }
        shown.nodes.set(n.id, { hidden: !visible, dim: dim });
      }
    });
    data.edges.forEach(function (e) {
      var visible = edgeVisible.get(e.id) && !shown.nodes.get(e.from).hidden && !shown.nodes.get(e.to).hidden;
      var dim = visible && emphasis !== null && !(emphasis.has(e.from) && emphasis.has(e.to) &&
        (state.focus === null || e.from === state.focus || e.to === state.focus));
      var width = widthFor(e, counts.get(e.id));
      var was = shown.edges.get(e.id) || { hidden: false, dim: false, width: e.width };
      if (was.hidden !== !visible || was.dim !== dim || (visible && was.width !== width)) {
        var change = { id: e.id }, changed = false;
        if (was.hidden !== !visible) { hideEdges.push([e.id, !visible]); }
        if (was.dim !== dim) {
          change.color = dim ? DIM_EDGE : e.color;
          change.shadow = dim ? NO_SHADOW : (e.shadow || NO_SHADOW);  // no glow left on a greyed path
          changed = true;
        }
        if (visible && was.width !== width) { change.width = width; changed = true; }
        if (changed) { edgeUpdates.push(change); }
        shown.edges.set(e.id, { hidden: !visible, dim: dim, width: visible ? width : was.width });
      }
    });
    setHidden(hideNodes, hideEdges);
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    updateCounts();
  }

  /* Showing and hiding. Through the DataSets vis-network re-parses every option of every item
   * (about 1.7 s for 6,700 links); it decides what to draw from each item's options.hidden
   * when '_dataUpdated' is emitted, so set that flag and emit once (vis-network 9.1.2, bundled
   * with this page, so the internals cannot change under it). The DataSets are the fallback. */
  function setHidden(nodeChanges, edgeChanges) {
    if (!nodeChanges.length && !edgeChanges.length) { return; }
    var body = network.body;
    var direct = body && body.nodes && body.edges && body.emitter && typeof body.emitter.emit === 'function';
    if (!direct) {
      if (nodeChanges.length) { nodes.update(nodeChanges.map(function (c) { return { id: c[0], hidden: c[1] }; })); }
      if (edgeChanges.length) { edges.update(edgeChanges.map(function (c) { return { id: c[0], hidden: c[1] }; })); }
      return;
    }
    nodeChanges.forEach(function (c) { body.nodes[c[0]].options.hidden = c[1]; });
    edgeChanges.forEach(function (c) { body.edges[c[0]].options.hidden = c[1]; });
    body.emitter.emit('_dataUpdated');
  }

  function visibleIds(which) {
    var out = [];
    shown[which].forEach(function (s, id) { if (!s.hidden) { out.push(id); } });
    return out;
  }
  function updateCounts() {
    var vn = visibleIds('nodes').length, ve = visibleIds('edges').length;
    document.getElementById('gk-counts').textContent =
      fmt(W.counts, { nodes: vn, total_nodes: data.nodes.length, links: ve, total_links: data.edges.length });
  }

  /* ---- tooltips and details (text only) ---------------------------------------------------- */
  function line(parent, label, value) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) { return; }
    var row = el('div', null, 'gk-row');
    row.appendChild(el('span', label, 'gk-key'));
    row.appendChild(el('span', Array.isArray(value) ? value.join(', ') : value, 'gk-val'));
    parent.appendChild(row);
  }
  function origin(n) {
    if (n.kind === data.meta.technology_kind) { return null; }  /* technologies have no origin */
    var where = n.country || W.country_unknown;
    return n.foreign === true ? fmt(W.origin_foreign, { where: where }) : (n.foreign === false ? fmt(W.origin_domestic, { where: where }) : where);
  }
  function nodeCard(n) {
    var box = el('div', null, 'gk-card');
    box.appendChild(el('div', n.name, 'gk-title'));
    line(box, W.kind, kindWord(n.kind));
    line(box, W.origin, origin(n));
    line(box, W.org, n.org);
    line(box, W.aliases, n.aliases.filter(function (a) { return a !== n.name; }));
    line(box, W.cases, n.cases);
    line(box, W.records, n.evidence_count || null);
    if (n.score !== null) { line(box, W.broker_score, n.score.toFixed(3)); }
    if (n.broker) { line(box, W.mark_label, W.broker); }
    if (n.on_path) { line(box, W.path, W.on_path); }
    if (n.listed && n.listed.length) { line(box, W.listed, n.listed); }
    if (n.near_listed && n.near_listed.length) { line(box, W.near_listed, n.near_listed); }
    return box;
  }
  function evidenceLine(x) {
    var parts = [x.date || W.undated];
    if (x.channel) { parts.push(x.channel); }
    if (x.outcome) { parts.push(x.outcome); }
    if (x.reliability !== null && x.reliability !== undefined) { parts.push(fmt(W.reliability_value, { value: x.reliability })); }
    var where = (x.file || '?') + ':' + (x.row === null || x.row === undefined ? '?' : x.row);
    parts.push(where);
    if (x.source_id) { parts.push('#' + x.source_id); }
    if (x.case_id) { parts.push(fmt(W.case_value, { case: x.case_id })); }
    return parts.join(' · ');
  }
  function edgeCard(e, limit) {
    var box = el('div', null, 'gk-card');
    var a = nodeFacts.get(e.from), b = nodeFacts.get(e.to);
    box.appendChild(el('div', a.name + ' → ' + b.name, 'gk-title'));
    line(box, W.relation, e.relations.map(relationWord).join(', ') + (e.inferred ? W.inferred : ''));
    line(box, W.contacts, e.contacts);
    if (e.first_date) { line(box, W.dates, e.first_date === e.last_date ? e.first_date : e.first_date + ' – ' + e.last_date); }
    if (e.reliability !== null && e.reliability !== undefined) { line(box, W.reliability, Number(e.reliability).toFixed(2)); }
    line(box, W.cases, e.cases);
    if (e.on_path) { line(box, W.path, W.on_path); }
    if (e.evidence.length) {
      box.appendChild(el('div', W.evidence, 'gk-key'));
      var list = el('ul', null, 'gk-evidence');
      e.evidence.slice(0, limit).forEach(function (x) { list.appendChild(el('li', evidenceLine(x))); });
      box.appendChild(list);
      var more = e.evidence_total - Math.min(limit, e.evidence.length);
      if (more > 0) { box.appendChild(el('div', fmt(W.more_records, { n: more }), 'gk-more')); }
    }
    return box;
  }

  var tip = document.getElementById('gk-tooltip');
  function showTip(card, pointer) {
    tip.replaceChildren(card);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) { x = Math.max(4, box.left + pointer.x - w - 14); }
    if (y + h > window.innerHeight - 4) { y = Math.max(4, window.innerHeight - h - 4); }
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }
  network.on('hoverNode', function (p) { showTip(nodeCard(nodeFacts.get(p.node)), p.pointer.DOM); });
  network.on('hoverEdge', function (p) { showTip(edgeCard(edgeFacts.get(p.edge), 8), p.pointer.DOM); });
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);

  var details = document.getElementById('gk-details');
  function showDetails(card, heading) {
    details.replaceChildren(el('h2', heading), card);
    details.hidden = false;
  }
  function focusNode(id) {
    state.focus = id;
    apply();
    if (!canDim) {
      var around = [id];
      incident.get(id).forEach(function (eid) {
        if (!shown.edges.get(eid).hidden) { var e = edgeFacts.get(eid); around.push(e.from === id ? e.to : e.from); }
      });
      network.selectNodes(around, true);
    }
    var n = nodeFacts.get(id);
    var card = nodeCard(n);
    var links = el('ul', null, 'gk-links');
    incident.get(id).forEach(function (eid) {
      if (shown.edges.get(eid).hidden) { return; }
      var e = edgeFacts.get(eid);
      var other = nodeFacts.get(e.from === id ? e.to : e.from);
      var li = el('li', null);
      li.appendChild(el('span', (e.from === id ? '→ ' : '← ') + relationWord(e.relation) + ' ', 'gk-rel'));
      var btn = el('button', other.name, 'gk-link');
      btn.type = 'button';
      btn.addEventListener('click', function () { network.selectNodes([other.id]); focusNode(other.id); });
      li.appendChild(btn);
      li.appendChild(el('span', ' (' + e.contacts + ')', 'gk-count'));
      links.appendChild(li);
    });
    card.appendChild(el('div', W.links, 'gk-key'));
    card.appendChild(links);
    showDetails(card, W.selected);
  }
  function clearFocus() { state.focus = null; details.hidden = true; details.replaceChildren(); apply(); }
  network.on('click', function (p) {
    hideTip();
    if (p.nodes.length) { focusNode(p.nodes[0]); }
    else if (p.edges.length) { state.focus = null; apply(); showDetails(edgeCard(edgeFacts.get(p.edges[0]), 50), W.link); }
    else { clearFocus(); }
  });

  /* ---- controls ---------------------------------------------------------------------------- */
  var search = document.getElementById('gk-search');
  var results = document.getElementById('gk-results');
  function runSearch() {
    var q = fold(search.value).trim();
    state.query = q;
    results.replaceChildren();
    if (!q) { state.matches = null; network.unselectAll(); apply(); return; }
    var found = data.nodes.filter(function (n) {
      return n.search.some(function (s) { return s.indexOf(q) >= 0; });
    });
    state.matches = new Set(found.map(function (n) { return n.id; }));
    state.focus = null;
    apply();
    var visibleFound = found.filter(function (n) { return !shown.nodes.get(n.id).hidden; })
      .map(function (n) { return n.id; });
    network.selectNodes(visibleFound.slice(0, 500), false);
    if (visibleFound.length === 1) { network.focus(visibleFound[0], { scale: Math.max(network.getScale(), 0.8), animation: false }); }
    else if (visibleFound.length && !canDim) { network.fit({ nodes: visibleFound.slice(0, 500), animation: false }); }
    found.slice(0, 30).forEach(function (n) {
      var btn = el('button', n.name + (n.country ? ' [' + n.country + ']' : ''), 'gk-link');
      btn.type = 'button';
      btn.addEventListener('click', function () {
        network.selectNodes([n.id]);
        network.focus(n.id, { scale: 1.3, animation: false });
        focusNode(n.id);
      });
      var li = el('li', null);
      li.appendChild(btn);
      results.appendChild(li);
    });
    if (found.length > 30) { results.appendChild(el('li', fmt(W.more, { n: found.length - 30 }), 'gk-more')); }
    if (!found.length) { results.appendChild(el('li', W.no_match, 'gk-more')); }
  }
  var searchTimer = null;
  search.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, canDim ? 60 : 250);  // wait for the typing to pause
  });
  search.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { clearTimeout(searchTimer); runSearch(); } });

  function checklist(holderId, values, set, describe) {
    var holder = document.getElementById(holderId);
    values.forEach(function (v) {
      var label = el('label', null, 'gk-check');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = v;
      box.addEventListener('change', function () { if (box.checked) { set.add(v); } else { set.delete(v); } apply(); });
      label.appendChild(box);
      label.appendChild(el('span', describe(v)));
      holder.appendChild(label);
    });
  }
  checklist('gk-kinds', meta.kinds, state.kinds, kindWord);
  checklist('gk-relations', meta.relations, state.relations, relationWord);

  var caseSelect = document.getElementById('gk-case');
  meta.cases.forEach(function (c) {
    var opt = document.createElement('option');
    opt.value = c;
    opt.textContent = c;
    caseSelect.appendChild(opt);
  });
  caseSelect.addEventListener('change', function () { state.kase = caseSelect.value; apply(); });
  if (!meta.cases.length) { caseSelect.disabled = true; }

  var since = document.getElementById('gk-since'), until = document.getElementById('gk-until');
  [since, until].forEach(function (input) {
    if (meta.date_min) { input.min = meta.date_min; }
    if (meta.date_max) { input.max = meta.date_max; }
    input.addEventListener('change', function () { state.since = since.value; state.until = until.value; apply(); });
  });
  document.getElementById('gk-range').textContent = meta.date_min
    ? fmt(W.records_dated, { first: meta.date_min, last: meta.date_max }) : W.no_dated_records;
  document.getElementById('gk-clear-window').addEventListener('click', function () {
    since.value = ''; until.value = ''; state.since = ''; state.until = ''; apply();
  });
  document.getElementById('gk-fit').addEventListener('click', function () { network.fit({ animation: false }); });
  document.getElementById('gk-reset').addEventListener('click', function () {
    search.value = ''; clearTimeout(searchTimer); runSearch(); network.unselectAll(); clearFocus(); network.fit({ animation: false });
  });

  /* ---- legend (SVG built with DOM calls) --------------------------------------------------- */
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function swatch(draw) {
    var s = svg('svg', { width: '30', height: '18', viewBox: '0 0 30 18', 'aria-hidden': 'true' });
    draw(s);
    return s;
  }
  var SHAPES = {
    dot: function (c) { return svg('circle', { cx: 15, cy: 9, r: 7, fill: c, stroke: '#2B2B2B' }); },
    square: function (c) { return svg('rect', { x: 8, y: 2, width: 14, height: 14, fill: c, stroke: '#2B2B2B' }); },
    diamond: function (c) { return svg('polygon', { points: '15,1 23,9 15,17 7,9', fill: c, stroke: '#2B2B2B' }); },
    triangle: function (c) { return svg('polygon', { points: '15,1 23,16 7,16', fill: c, stroke: '#5A5A5A' }); },
    ellipse: function (c) { return svg('ellipse', { cx: 15, cy: 9, rx: 10, ry: 6, fill: c, stroke: '#2B2B2B' }); }
  };
  function legendRow(holder, drawn, text) {
    var row = el('div', null, 'gk-legend-row');
    row.appendChild(swatch(drawn));
    row.appendChild(el('span', text));
    holder.appendChild(row);
  }
  var legend = document.getElementById('gk-legend');
  meta.legend.kinds.forEach(function (k) {
    legendRow(legend, function (s) { s.appendChild((SHAPES[k.shape] || SHAPES.ellipse)(k.color)); }, k.description);
  });
  meta.legend.marks.forEach(function (m) {
    legendRow(legend, function (s) {
      if (m.mark === 'path' || m.mark === 'inferred') {
        s.appendChild(svg('line', { x1: 2, y1: 9, x2: 28, y2: 9, stroke: m.color, 'stroke-width': m.mark === 'path' ? 5 : 2,
          'stroke-dasharray': m.mark === 'inferred' ? '2 4' : 'none' }));
      } else if (m.mark === 'broker') {
        s.appendChild(svg('circle', { cx: 15, cy: 9, r: 8, fill: m.color, opacity: 0.45 }));
        s.appendChild(svg('circle', { cx: 15, cy: 9, r: 5, fill: '#FFFFFF', stroke: '#2B2B2B' }));
      } else {
        s.appendChild(svg('circle', { cx: 15, cy: 9, r: 6, fill: '#FFFFFF', stroke: m.color,
          'stroke-width': m.mark === 'foreign' ? 4 : (m.mark === 'unknown' ? 2 : 1.5),
          'stroke-dasharray': m.mark === 'unknown' ? '3 2' : 'none' }));
      }
    }, m.description);
  });
  meta.legend.relations.forEach(function (r) {
    legendRow(legend, function (s) {
      s.appendChild(svg('line', { x1: 2, y1: 9, x2: 24, y2: 9, stroke: r.color, 'stroke-width': 3,
        'stroke-dasharray': r.dashes ? '6 4' : 'none' }));
      s.appendChild(svg('polygon', { points: '22,4 29,9 22,14', fill: r.color }));
    }, relationWord(r.relation) + ': ' + r.description);
  });

  /* ---- start ------------------------------------------------------------------------------- */
  var status = document.getElementById('gk-status');
  function ready() {
    status.textContent = '';
    document.body.setAttribute('data-ready', '1');
  }
  data.nodes.forEach(function (n) { shown.nodes.set(n.id, { hidden: false, dim: false }); });
  data.edges.forEach(function (e) { shown.edges.set(e.id, { hidden: false, dim: false, width: e.width }); });
  updateCounts();
  if (data.options.physics.enabled) {
    status.textContent = W.laying_out;
    network.on('stabilizationProgress', function (p) {
      status.textContent = fmt(W.laying_out_progress, { percent: Math.round(100 * p.iterations / p.total) });
    });
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      ready();
    });
  } else {
    network.once('afterDrawing', ready);
  }

  window.graphkitChart = {
    network: network, nodes: nodes, edges: edges,
    visibleNodeIds: function () { return visibleIds('nodes'); },
    drawnCounts: function () { return [network.body.nodeIndices.length, network.body.edgeIndices.length]; },
    visibleEdgeIds: function () { return visibleIds('edges'); },
    dimmedNodeIds: function () {
      var out = []; shown.nodes.forEach(function (s, id) { if (s.dim && !s.hidden) { out.push(id); } }); return out;
    },
    matchedNodeIds: function () { return state.matches ? Array.from(state.matches) : []; },
    selectedNodeIds: function () { return network.getSelectedNodes(); },
    search: function (text) { search.value = text; clearTimeout(searchTimer); runSearch(); },
    nodeKey: function (id) { return nodeFacts.get(id).key; },
    idOfKey: function (key) { var f = data.nodes.filter(function (n) { return n.key === key; }); return f.length ? f[0].id : null; }
  };
}());
