// The responder: its audit trail (every action run, dry-run or refused, and why) and the current bans, with lifting — as `logwarden actions` and `logwarden bans`.
import { setParams } from '../app.js';
import { get, send } from '../api.js';
import { badge, el, empty, errorBox, field, loading, replace, segmented, table, time } from '../ui.js';

const results = [['', 'All'], ['ok', 'Done'], ['dry-run', 'Dry-run'], ['refused', 'Refused'], ['failed', 'Failed']];

export async function render(view, { params }) {
  let result = params.get('result') || '';
  const audit = el('div.panel', loading());
  const bans = el('div.panel', loading());
  const message = el('div', { role: 'status', 'aria-live': 'polite' });
  replace(view, el('div.page-head', el('h1', 'Actions')),
    el('div.toolbar', field('Result', segmented('Result', results, result, (v) => { result = v; loadAudit(); }))),
    audit,
    el('h3', 'Current bans'),
    message,
    bans);

  async function loadAudit() {
    setParams({ result });
    replace(audit, loading());
    try {
      const rows = (await get('actions', { limit: 500 })).filter((a) => !result || a.result === result);
      replace(audit, rows.length ? auditTable(rows) : empty(result
        ? `No ${result} actions.`
        : 'The responder has done nothing yet. Playbooks live in the respond: section of the config (off and dry-run by default).'));
    } catch (error) {
      replace(audit, errorBox(error));
    }
  }

  async function loadBans() {
    try {
      const rows = await get('bans');
      replace(bans, rows.length ? table([
        ['Network', (b) => el('span.mono', b.network)],
        ['Since', (b) => time(b.banned_at), 'nowrap'],
        ['Until', (b) => time(b.expires_at), 'nowrap'],
        ['Incident', (b) => el('a', { href: `#/incidents/${b.incident_id}` }, `#${b.incident_id}`)],
        ['Reason', (b) => b.reason, 'hide-narrow'],
        ['', (b) => el('button.btn', {
          type: 'button', 'aria-label': `Lift the ban of ${b.network}`,
          onclick: async () => {
            try {
              const lifted = await send('POST', 'bans/lift', { network: b.network });
              message.className = lifted.firewall_removed ? 'notice' : 'error';
              message.textContent = lifted.firewall_removed
                ? `Ban of ${lifted.network} lifted.`
                : `Ban of ${lifted.network} lifted in the ban list; the firewall said: ${lifted.firewall_error || 'nothing'}`;
            } catch (error) {
              message.className = 'error';
              message.textContent = error.message;
            }
            loadBans();
            loadAudit();
          },
        }, 'Lift')],
      ], rows) : empty('No current bans.'));
    } catch (error) {
      replace(bans, errorBox(error));
    }
  }

  await Promise.all([loadAudit(), loadBans()]);
}

// Each action is a row; its commands (argv as run) and its output, when it has one, fold out below it.
function auditTable(rows) {
  return table([
    ['When', (a) => time(a.at), 'nowrap'],
    ['Incident', (a) => el('a', { href: `#/incidents/${a.incident_id}` }, `#${a.incident_id}`)],
    ['Playbook', (a) => a.playbook, 'hide-narrow'],
    ['Action', (a) => a.action],
    ['Result', (a) => badge(a.result, a.result === 'refused' ? 'warning' : a.result === 'dry-run' ? 'info' : a.result)],
    ['Arguments', (a) => details(a)],
  ], rows);
}

function details(a) {
  const more = [...a.commands.map((c) => el('div.mono', `$ ${c}`)), a.output ? el('pre.output', a.output) : null].filter(Boolean);
  if (!more.length) return el('span.mono', a.arguments);
  return el('details', el('summary', el('span.mono', a.arguments)), ...more);
}

