// Alert history with delivery state, and silences (list, add, expire) — the same model as `logwarden silence`.
import { setParams } from '../app.js';
import { get, send } from '../api.js';
import { badge, el, empty, errorBox, field, loading, replace, segmented, table, time } from '../ui.js';

const states = [['', 'All'], ['pending', 'Pending'], ['delivered', 'Delivered'], ['failed', 'Failed']];

export async function render(view, { params }) {
  let state = params.get('state') || '';
  const history = el('div.panel', loading());
  const silences = el('div.panel', loading());
  const matchers = el('input.wide', { type: 'text', required: true, placeholder: 'kind=oom-kill host=~web-.*', 'aria-describedby': 'matcher-help' });
  const durationSelect = el('select', ['1h', '2h', '8h', '1d', '7d'].map((d) => el('option', { value: d, selected: d === '2h' }, d)));
  const comment = el('input', { type: 'text', placeholder: 'why' });
  const formMessage = el('div', { role: 'status', 'aria-live': 'polite' });
  const form = el('form.toolbar', { 'aria-label': 'Add a silence' },
    field('Matchers', matchers), field('For', durationSelect), field('Comment', comment),
    el('button.btn.primary', { type: 'submit' }, 'Add silence'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const created = await send('POST', 'silences', { matchers: matchers.value.trim().split(/\s+/).filter(Boolean), duration: durationSelect.value, comment: comment.value });
      formMessage.className = 'notice';
      formMessage.textContent = `Silence ${created.id} added.`;
      matchers.value = '';
      comment.value = '';
      loadSilences();
    } catch (error) {
      formMessage.className = 'error';
      formMessage.textContent = error.message;
    }
  });
  replace(view, el('div.page-head', el('h1', 'Alerts')),
    el('div.toolbar', field('Delivery', segmented('Delivery state', states, state, (v) => { state = v; loadHistory(); }))),
    history,
    el('h3', 'Silences'),
    el('div.panel', form, el('p#matcher-help.muted', 'Alertmanager matchers, all must hold: name=value, name!=value, name=~regex, name!~regex (severity, kind, host, source, detector, and entities such as ip, user, unit).'), formMessage),
    silences);

  async function loadHistory() {
    setParams({ state });
    replace(history, loading());
    try {
      const rows = await get('alerts', { state, limit: 200 });
      replace(history, rows.length ? table([
        ['Created', (a) => time(a.created_at), 'nowrap'],
        ['Channel', (a) => a.channel],
        ['Incident', (a) => (a.incident_id > 0 ? el('a', { href: `#/incidents/${a.incident_id}` }, `#${a.incident_id}`) : el('span.muted', 'daily report'))],
        ['Notice', (a) => a.notice],
        ['Severity', (a) => badge(a.severity)],
        ['Delivery', (a) => badge(a.state)],
        ['Attempts', (a) => a.attempts, 'num hide-narrow'],
        ['Delivered / next try', (a) => (a.delivered_at ? time(a.delivered_at) : a.state === 'pending' ? time(a.next_attempt_at) : '–'), 'nowrap hide-narrow'],
        ['Last error', (a) => (a.last_error ? el('span.muted', a.last_error) : ''), 'hide-narrow'],
      ], rows) : empty(state ? `No ${state} alerts.` : 'No alerts sent yet. Configure alerts: channels to be notified of incidents.'));
    } catch (error) {
      replace(history, errorBox(error));
    }
  }

  async function loadSilences() {
    try {
      const rows = await get('silences', { all: 'true' });
      replace(silences, rows.length ? table([
        ['#', (s) => s.id, 'num'],
        ['Matchers', (s) => el('span.mono', s.matchers.join(' '))],
        ['State', (s) => badge(s.state)],
        ['Until', (s) => time(s.ends_at), 'nowrap'],
        ['By', (s) => s.created_by, 'hide-narrow'],
        ['Comment', (s) => s.comment, 'hide-narrow'],
        ['', (s) => (s.state === 'ended' ? '' : el('button.btn', {
          type: 'button', 'aria-label': `Expire silence ${s.id}`,
          onclick: async () => {
            try { await send('DELETE', `silences/${s.id}`); } catch (error) { formMessage.className = 'error'; formMessage.textContent = error.message; }
            loadSilences();
          },
        }, 'Expire'))],
      ], rows) : empty('No silences.'));
    } catch (error) {
      replace(silences, errorBox(error));
    }
  }

  await Promise.all([loadHistory(), loadSilences()]);
}
