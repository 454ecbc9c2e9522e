// The progress view: a calendar heatmap of reviews per day, retention by topic, the 30-day due
// forecast and the streak, drawn as accessible inline SVG (each chart has a text equivalent).
import '../common/base.css';
import type { ProgressViewModel, ToWebview } from '../protocol';
import { connect, el, focusIfActive } from '../common/vscodeApi';
import { heatmapCells } from './heatmap';

const SVG = 'http://www.w3.org/2000/svg';
const app = document.getElementById('app')!;
const vscode = connect<ProgressViewModel>((msg: ToWebview) => {
  if (msg.type === 'progress') {
    vscode.setState(msg.model);
    render(msg.model);
  }
});

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function parseDay(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y, m - 1, d);
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function heatmap(m: ProgressViewModel): SVGElement {
  const weeks = 26;
  const cell = 13;
  const max = Math.max(1, ...Object.values(m.perDay));
  const root = svg('svg', { width: (weeks + 1) * cell + 40, height: 7 * cell + 24, role: 'img', 'aria-label': `Reviews per day over the last ${weeks} weeks` });
  ['Mon', 'Wed', 'Fri'].forEach((d, i) => root.append(svg('text', { x: 0, y: 20 + (1 + i * 2) * cell + 9, class: 'axis' }, d)));
  for (const { date: d, col, row } of heatmapCells(parseDay(m.today), weeks)) {
    const n = m.perDay[dayKey(d)] ?? 0;
    const level = n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4));
    const r = svg('rect', { x: 32 + col * cell, y: 20 + row * cell, width: cell - 2, height: cell - 2, rx: 2, class: `lvl${level}` });
    r.append(svg('title', {}, `${dayKey(d)}: ${n} review${n === 1 ? '' : 's'}`));
    root.append(r);
    if (d.getDate() === 1) root.append(svg('text', { x: 32 + col * cell, y: 12, class: 'axis' }, d.toLocaleString(undefined, { month: 'short' })));
  }
  return root;
}

function hbars(rows: { label: string; value: number | null; note: string }[]): SVGElement {
  const h = 22;
  const w = 600;
  const root = svg('svg', { width: '100%', viewBox: `0 0 ${w} ${rows.length * h + 4}`, role: 'img', 'aria-label': 'Retention by topic' });
  rows.forEach((r, i) => {
    const y = i * h;
    const label = svg('text', { x: 0, y: y + 15, class: 'label' }, r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label);
    label.append(svg('title', {}, r.label));
    root.append(label);
    root.append(svg('rect', { x: 220, y: y + 4, width: 260, height: 14, class: 'track', rx: 2 }));
    if (r.value !== null) root.append(svg('rect', { x: 220, y: y + 4, width: Math.max(2, 260 * r.value), height: 14, class: 'fill', rx: 2 }));
    root.append(svg('text', { x: 488, y: y + 15, class: 'axis' }, r.note));
  });
  return root;
}

function columns(data: { day: string; due: number }[]): SVGElement {
  const w = 16;
  const height = 120;
  const max = Math.max(1, ...data.map((d) => d.due));
  const root = svg('svg', { width: data.length * w + 40, height: height + 30, role: 'img', 'aria-label': 'Items due per day for the next 30 days' });
  data.forEach((d, i) => {
    const bh = (d.due / max) * height;
    const r = svg('rect', { x: 30 + i * w, y: height - bh + 4, width: w - 3, height: Math.max(bh, d.due ? 2 : 0), class: 'fill', rx: 2 });
    r.append(svg('title', {}, `${d.day}: ${d.due} due`));
    root.append(r);
    if (i % 7 === 0) root.append(svg('text', { x: 30 + i * w, y: height + 22, class: 'axis' }, d.day.slice(5)));
  });
  root.append(svg('text', { x: 0, y: 12, class: 'axis' }, String(max)));
  return root;
}

function render(m: ProgressViewModel): void {
  app.replaceChildren();
  const style = el('style');
  style.textContent = `
    .axis, .label { fill: var(--vscode-descriptionForeground); font-size: 10px; }
    .label { fill: var(--vscode-foreground); font-size: 12px; }
    .lvl0 { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-widget-border, #8883); }
    .lvl1 { fill: var(--vscode-charts-green); opacity: .35 } .lvl2 { fill: var(--vscode-charts-green); opacity: .55 }
    .lvl3 { fill: var(--vscode-charts-green); opacity: .8 } .lvl4 { fill: var(--vscode-charts-green); }
    .track { fill: var(--vscode-editorWidget-background); } .fill { fill: var(--vscode-charts-blue); }
    .stats { display: flex; gap: 16px; flex-wrap: wrap; } .stat { min-width: 120px; }
    .stat b { display: block; font-size: 1.8em; }`;
  app.append(style);
  app.append(el('h1', { tabindex: '-1' }, 'Your progress'));
  const stats = el('div', { class: 'stats' });
  const stat = (value: string, label: string) => stats.append(el('div', { class: 'stat card' }, el('b', {}, value), el('span', { class: 'muted' }, label)));
  stat(`${m.streak.current} day${m.streak.current === 1 ? '' : 's'}`, m.streak.reviewedToday ? 'streak, today done' : 'streak, review today to keep it');
  stat(String(m.totals.due), 'due now');
  stat(String(m.totals.reviews), 'reviews in total');
  stat(`${m.totals.seenItems} / ${m.totals.items}`, 'items studied');
  stat(`${m.streak.longest}`, 'longest streak (days)');
  app.append(stats);
  app.append(el('h2', {}, 'Reviews per day'), el('div', { class: 'card' }, heatmap(m)));
  app.append(el('h2', {}, 'Retention by topic'), el('p', { class: 'muted' }, 'Share of reviews of already-learned items you recalled (anything but “Again”).'));
  app.append(el('div', { class: 'card' }, hbars(m.retention.map((r) => ({ label: r.title, value: r.retention, note: r.retention === null ? 'no reviews yet' : `${Math.round(r.retention * 100)} % of ${r.reviews}` })))));
  app.append(el('h2', {}, 'Due in the next 30 days'), el('div', { class: 'card' }, columns(m.forecast)));
  const table = el('table', { class: 'sr-only' });
  table.append(el('caption', {}, 'Due forecast'), ...m.forecast.map((d) => el('tr', {}, el('td', {}, d.day), el('td', {}, String(d.due)))));
  app.append(table);
  focusIfActive(document.querySelector<HTMLElement>('h1'));
}

const saved = vscode.getState();
if (saved) render(saved);
else app.append(el('p', { class: 'muted' }, 'Loading…'));
vscode.postMessage({ type: 'ready' });
