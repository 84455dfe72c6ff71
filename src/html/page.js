/* newskg story view: the script compiled into every page (html.c).  It ties
 * the graph, the text, the facts table and the change list together through
 * the fact ids each of them carries (SVG class "fN", data-f / data-s). */
(function () {
  'use strict';
  var doc = document;
  function each(sel, fn, root) { Array.prototype.forEach.call((root || doc).querySelectorAll(sel), fn); }
  function ids(s) { return s ? s.split(' ') : []; }
  var byFact = {}, bySent = {};
  function index(map, id, el) { (map[id] || (map[id] = [])).push(el); }

  var svgEls = [];
  each('svg.nk-svg g.node, svg.nk-svg g.edge', function (g) {
    var f = [];
    Array.prototype.forEach.call(g.classList, function (c) { if (/^f\d+$/.test(c)) f.push(c.slice(1)); });
    g.nkFacts = f;
    if (f.length) { svgEls.push(g); f.forEach(function (id) { index(byFact, id, g); }); }
  });
  var marks = [];
  each('.text mark[data-f]', function (m) {
    m.nkFacts = ids(m.dataset.f);
    marks.push(m);
    m.nkFacts.forEach(function (id) { index(byFact, id, m); });
  });
  each('.text [data-s]', function (s) { ids(s.dataset.s).forEach(function (id) { index(bySent, id, s); }); });
  var table = doc.getElementById('facts-table');
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  rows.forEach(function (r) { r.nkFacts = ids(r.dataset.f); r.nkFacts.forEach(function (id) { index(byFact, id, r); }); });
  each('.changes li[data-f]', function (li) { li.nkFacts = ids(li.dataset.f); li.nkFacts.forEach(function (id) { index(byFact, id, li); }); });

  /* highlighting: a sticky selection (click, selected text) and a passing one (hover) */
  var lit = [], sticky = [], stickyFrom = null;
  function clear() { lit.forEach(function (e) { e.classList.remove('hl', 'hl-s'); }); lit = []; }
  function light(facts) {
    clear();
    facts.forEach(function (id) {
      (byFact[id] || []).forEach(function (e) { e.classList.add('hl'); lit.push(e); });
      (bySent[id] || []).forEach(function (e) { e.classList.add('hl-s'); lit.push(e); });
    });
    doc.body.setAttribute('data-lit', facts.join(' '));
  }
  function scrollInto(panel, el) {
    if (!panel || !el) return;
    var pr = panel.getBoundingClientRect(), er = el.getBoundingClientRect();
    if (er.top < pr.top || er.bottom > pr.bottom) panel.scrollTop += er.top - pr.top - panel.clientHeight / 3;
    if (er.left < pr.left || er.right > pr.right) panel.scrollLeft += er.left - pr.left - panel.clientWidth / 3;
  }
  function reveal(from) {
    each('.text', function (t) { if (t !== from) scrollInto(t, t.querySelector('mark.hl') || t.querySelector('.hl-s')); });
    var gs = doc.getElementById('graph-scroll');
    if (from !== gs && gs) scrollInto(gs, gs.querySelector('g.hl'));
    var tw = doc.querySelector('.tablewrap');
    if (from !== table && tw) scrollInto(tw, tw.querySelector('tr.hl'));
    var cl = doc.querySelector('.changes');
    if (from !== cl && cl) scrollInto(cl, cl.querySelector('li.hl'));
  }
  function select(facts, from) {
    sticky = facts; stickyFrom = from;
    light(facts);
    reveal(from);
  }
  function hover(facts) { light(facts); }
  function unhover() { light(sticky); }

  function uniq(list) { var seen = {}, out = []; list.forEach(function (x) { if (!seen[x]) { seen[x] = 1; out.push(x); } }); return out; }

  /* graph */
  var gscroll = doc.getElementById('graph-scroll');
  svgEls.forEach(function (g) {
    g.addEventListener('click', function (ev) { ev.stopPropagation(); select(g.nkFacts, gscroll); });
    g.addEventListener('mouseenter', function () { hover(g.nkFacts); });
    g.addEventListener('mouseleave', unhover);
  });
  /* text: a click on a fact or sentence; selected text */
  each('.text', function (t) {
    t.addEventListener('click', function (ev) {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed) return;
      var m = ev.target.closest('mark[data-f]');
      if (m) { select(m.nkFacts, t); return; }
      var s = ev.target.closest('[data-s]');
      if (s) select(ids(s.dataset.s), t);
    });
    t.addEventListener('mouseover', function (ev) {
      var m = ev.target.closest('mark[data-f]');
      if (m) hover(m.nkFacts);
    });
    t.addEventListener('mouseleave', unhover);
  });
  var selTimer = 0;
  doc.addEventListener('selectionchange', function () {
    clearTimeout(selTimer);
    selTimer = setTimeout(function () {
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount) return;
      var r = sel.getRangeAt(0), node = r.commonAncestorContainer;
      var t = (node.nodeType === 1 ? node : node.parentNode).closest('.text');
      if (!t) return;
      var facts = [];
      each('mark[data-f]', function (m) { if (r.intersectsNode(m)) facts = facts.concat(m.nkFacts); }, t);
      if (!facts.length)
        each('[data-s]', function (s) { if (r.intersectsNode(s)) facts = facts.concat(ids(s.dataset.s)); }, t);
      if (facts.length) select(uniq(facts), t);
    }, 120);
  });
  /* table and change list */
  rows.forEach(function (r) {
    r.addEventListener('click', function () { select(r.nkFacts, table); });
    r.addEventListener('mouseenter', function () { hover(r.nkFacts); });
    r.addEventListener('mouseleave', unhover);
  });
  each('.changes li[data-f]', function (li) {
    var cl = li.parentNode;
    li.addEventListener('click', function () { select(li.nkFacts, cl); });
    li.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(li.nkFacts, cl); } });
  });
  doc.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') select([], null); });

  /* sorting */
  if (table) {
    var ths = Array.prototype.slice.call(table.tHead.rows[0].cells);
    ths.forEach(function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        ths.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var num = th.dataset.sort === 'num';
        rows.slice().sort(function (x, y) {
          var a = x.cells[col].textContent, b = y.cells[col].textContent, d;
          if (num) d = (parseFloat(a) || 0) - (parseFloat(b) || 0);
          else if (!a !== !b) return a ? -1 : 1; /* empty cells last */
          else d = a.localeCompare(b);
          return (d || x.dataset.f - y.dataset.f) * dir;
        }).forEach(function (r) { table.tBodies[0].appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') sort(); });
    });
  }

  /* filters: rows hidden, the graph and the text dimmed to match */
  function val(id) { var e = doc.getElementById(id); return e ? (e.type === 'checkbox' ? e.checked : e.value) : ''; }
  var count = doc.getElementById('f-count');
  function filter() {
    var a = val('f-actor'), c = val('f-class'), m = val('f-mod'), neg = val('f-neg');
    var q = String(val('f-q')).toLowerCase(), pass = {}, n = 0;
    rows.forEach(function (r) {
      var d = r.dataset, ok = true;
      if (a && d.actor !== a) ok = false;
      if (c === 'none') ok = ok && d.cat === '00';
      else if (c.slice(0, 4) === 'cat:') ok = ok && d.cat === c.slice(4);
      else if (c.slice(0, 4) === 'cls:') ok = ok && d.cls === c.slice(4);
      if (m) ok = ok && (m === 'modal' ? d.mod !== 'asserted' : d.mod === m);
      if (neg) ok = ok && d.neg === '1';
      if (q) ok = ok && r.textContent.toLowerCase().indexOf(q) >= 0;
      r.classList.toggle('off', !ok);
      if (ok) { n++; r.nkFacts.forEach(function (id) { pass[id] = 1; }); }
    });
    var all = !a && !c && !m && !neg && !q;
    function dim(e) { e.classList.toggle('dim', !all && !e.nkFacts.some(function (id) { return pass[id]; })); }
    svgEls.forEach(dim);
    marks.forEach(dim);
    if (!all && gscroll) {
      var first = svgEls.filter(function (g) { return !g.classList.contains('dim') && g.classList.contains('node'); })[0];
      if (first) scrollInto(gscroll, first);
    }
    if (count) count.textContent = all ? rows.length + ' facts' : n + ' of ' + rows.length + ' facts';
  }
  ['f-actor', 'f-class', 'f-mod', 'f-neg', 'f-q'].forEach(function (id) {
    var e = doc.getElementById(id);
    if (e) e.addEventListener(e.tagName === 'SELECT' || e.type === 'checkbox' ? 'change' : 'input', filter);
  });
  var fclear = doc.getElementById('f-clear');
  if (fclear) fclear.addEventListener('click', function () {
    ['f-actor', 'f-class', 'f-mod', 'f-q'].forEach(function (id) { doc.getElementById(id).value = ''; });
    doc.getElementById('f-neg').checked = false;
    filter();
  });
  if (table) filter();

  /* zoom: the whole graph in its panel, or its natural size */
  var svg = doc.querySelector('svg.nk-svg');
  var bfit = doc.getElementById('zoom-fit'), b1 = doc.getElementById('zoom-1');
  function fitScale() { return gscroll ? (gscroll.clientWidth - 2) / (+svg.dataset.w || 1) : 1; }
  function zoom(scale) {
    if (!svg) return;
    svg.style.width = Math.round(svg.dataset.w * scale) + 'px';
    svg.style.height = Math.round(svg.dataset.h * scale) + 'px';
    if (bfit) bfit.classList.toggle('on', Math.abs(scale - fitScale()) < 0.01);
    if (b1) b1.classList.toggle('on', scale === 1);
  }
  if (bfit) bfit.addEventListener('click', function () { zoom(fitScale()); });
  if (b1) b1.addEventListener('click', function () { zoom(1); });
  /* a phone shows the whole picture first; a wider panel keeps labels readable */
  if (svg) zoom(gscroll && gscroll.clientWidth < 600 ? Math.min(1, fitScale()) : Math.min(1, Math.max(fitScale(), 0.7)));
  doc.documentElement.setAttribute('data-ready', '1');
})();
