// The dashboard shell: theme, navigation (hash routes, so the server serves one page), and page loading.
import { el, errorBox, loading, replace } from './ui.js';

const pages = {
  overview: () => import('./pages/overview.js'),
  resources: () => import('./pages/resources.js'),
  heatmap: () => import('./pages/heatmap.js'),
  incidents: () => import('./pages/incidents.js'),
  alerts: () => import('./pages/alerts.js'),
  actions: () => import('./pages/actions.js'),
  search: () => import('./pages/search.js'),
  patterns: () => import('./pages/patterns.js'),
};

const titles = {
  overview: 'Overview', resources: 'Resources', heatmap: 'Anomaly heatmap', incidents: 'Incidents',
  alerts: 'Alerts', actions: 'Actions', search: 'Log search', patterns: 'Patterns',
};

// Theme: the stored choice, else the system's (prefers-color-scheme, via CSS).
const themeKey = 'logwarden.theme';
function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}
function currentTheme() {
  return document.documentElement.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}
applyTheme(localStorage.getItem(themeKey));

/** Parses '#/incidents/12?status=open' into { page, rest: ['12'], params }. */
export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const [page, ...rest] = (path || 'overview').split('/');
  return { page: pages[page] ? page : 'overview', rest, params: new URLSearchParams(query || '') };
}

/** Changes the route's query without reloading the page (so links and reloads keep the filters). */
export function setParams(params) {
  const { page, rest } = route();
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
  history.replaceState(null, '', `#/${[page, ...rest].join('/')}${qs ? '?' + qs : ''}`);
}

let cleanup = null;
let generation = 0;

async function show() {
  const main = document.getElementById('main');
  const { page, rest, params } = route();
  const mine = ++generation;
  if (cleanup) { try { cleanup(); } catch { /* a page's cleanup never blocks the next page */ } cleanup = null; }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.getElementById('nav').classList.remove('open');
  document.getElementById('menu-toggle').setAttribute('aria-expanded', 'false');
  document.title = `${titles[page]} · LogWarden`;
  replace(main, loading());
  try {
    const module = await pages[page]();
    if (mine !== generation) return;
    const view = el('div');
    replace(main, view);
    const result = await module.render(view, { rest, params });
    if (mine !== generation) { if (typeof result === 'function') result(); return; }
    cleanup = typeof result === 'function' ? result : null;
    document.body.dataset.page = page;
    document.body.dataset.ready = String(mine);
  } catch (error) {
    if (mine === generation) replace(main, errorBox(error));
  }
}

document.getElementById('theme-toggle').addEventListener('click', () => {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(themeKey, next);
  applyTheme(next);
  show(); // charts read the theme's colours when drawn
});
document.getElementById('menu-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('nav');
  const open = nav.classList.toggle('open');
  e.currentTarget.setAttribute('aria-expanded', String(open));
});
window.addEventListener('hashchange', show);
show();
