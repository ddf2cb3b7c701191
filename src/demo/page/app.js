// The demo page: plays Slack's part for one person of the demo team at a time. Everything it
// sends goes to the demo server, which signs it and sends it to the bot as Slack would.
import { mrkdwn, readInputs, renderBlocks } from './blocks.js';

const $ = (selector) => document.querySelector(selector);

const state = {
  team: [],
  names: {},
  user: undefined,
  pane: 'channel',
  inbox: undefined,
  version: -1,
  /** The modal on screen, as JSON, so a poll that changed nothing leaves what is typed alone. */
  shownModal: '',
  seenDm: {},
};

async function api(path, body) {
  const url = `/demo/api/${path}${path.includes('?') ? '&' : '?'}user=${encodeURIComponent(state.user ?? '')}`;
  const res = await fetch(
    url,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

function toast(message) {
  const node = $('#toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (node.hidden = true), 6000);
}

const person = (id) => state.team.find((p) => p.id === id);

function describe(p) {
  if (p.kind === 'admin') return `${p.name} · admin`;
  if (p.kind === 'manager') return `${p.name} · manager (${p.tz})`;
  return `${p.name} · ${p.role}, onboarding week ${p.onboardingWeek} · ${person(p.manager)?.name.split(' ')[0]}'s team`;
}

const SUGGESTIONS = {
  rep: ['/log demo self-led', '/log 30 calls, 12 emails', '/log', '/points', '/log history', '/log help'],
  manager: ['/points team', '/points team last week', '/points @ana', '/points-admin team'],
  admin: ['/points-admin team', '/points-admin programme', '/points-admin forget @diego', '/points-admin help'],
};

async function loadTeam() {
  const { team, host } = await api('team');
  state.team = team;
  state.names = Object.fromEntries(team.map((p) => [p.id, p.name]));
  $('#host').textContent = host;
  const select = $('#who');
  for (const [kind, label] of [
    ['admin', 'Admin'],
    ['manager', 'Managers'],
    ['rep', 'Reps'],
  ]) {
    const group = document.createElement('optgroup');
    group.label = label;
    for (const p of team.filter((t) => t.kind === kind)) group.append(new Option(describe(p), p.id));
    select.append(group);
  }
  const wanted = new URLSearchParams(location.search).get('as');
  select.value = person(wanted) ? wanted : (team.find((p) => p.kind === 'rep')?.id ?? team[0].id);
  select.addEventListener('change', () => choose(select.value));
  await choose(select.value);
}

async function choose(userId) {
  state.user = userId;
  state.version = -1;
  state.shownModal = '';
  history.replaceState(null, '', `?as=${userId}`);
  const p = person(userId);
  $('#me').textContent = p.name;
  $('#digest-now').hidden = p.kind !== 'manager';
  const chips = $('#suggestions');
  chips.replaceChildren();
  for (const s of SUGGESTIONS[p.kind]) {
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = 'chip';
    chip.textContent = s;
    chip.addEventListener('click', () => {
      $('#composer-input').value = s;
      $('#composer-input').focus();
    });
    chips.append(chip);
  }
  show(state.pane === 'home' ? 'channel' : state.pane);
  await refresh(true);
}

function show(pane) {
  state.pane = pane;
  for (const tab of document.querySelectorAll('[data-pane]')) tab.classList.toggle('active', tab.dataset.pane === pane);
  $('#pane-title').textContent = { channel: '# sales', dm: 'Points (direct messages)', home: 'Points · Home' }[pane];
  $('#composer').hidden = pane === 'home';
  if (pane === 'dm' && state.inbox) state.seenDm[state.user] = state.inbox.dm.length;
  render();
}

async function refresh(force = false) {
  if (!state.user) return;
  const inbox = await api('inbox');
  if (!force && inbox.version === state.version) return;
  state.inbox = inbox;
  state.version = inbox.version;
  if (state.pane === 'dm') state.seenDm[state.user] = inbox.dm.length;
  render();
}

function render() {
  const inbox = state.inbox;
  if (!inbox) return;
  const unread = inbox.dm.length - (state.seenDm[state.user] ?? 0);
  $('#dm-badge').textContent = unread > 0 ? String(unread) : '';
  const list = $('#messages');
  list.replaceChildren();
  if (state.pane === 'home') {
    if (inbox.home) {
      const view = document.createElement('div');
      view.className = 'home-view';
      renderBlocks(view, inbox.home.blocks, { names: state.names, onButton: (action, block) => click({ home: true }, action, block) });
      list.append(view);
    } else list.append(note('Opening the Home tab…'));
  } else {
    const messages = state.pane === 'dm' ? inbox.dm : inbox.channel;
    if (messages.length === 0)
      list.append(note(state.pane === 'dm' ? 'No direct messages yet.' : 'Type a slash command below, or pick one of the suggestions.'));
    for (const m of messages) list.append(message(m));
    list.scrollTop = list.scrollHeight;
  }
  renderModal(inbox.modals.at(-1));
}

function note(text) {
  const node = document.createElement('div');
  node.className = 'note';
  node.textContent = text;
  return node;
}

function message(m) {
  const node = document.createElement('article');
  node.className = 'message';
  node.dataset.messageId = m.id;
  const time = new Date(Number(m.ts.split('.')[0]) * 1000);
  const when = time.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  node.innerHTML = `<div class="avatar">P</div><div class="message-main"><div class="message-meta"><b>Points</b> <span class="app">APP</span> <span class="time"></span>${
    m.where === 'channel' ? ' <span class="only-you">Only visible to you</span>' : ''
  }</div><div class="message-body"></div></div>`;
  node.querySelector('.time').textContent = when;
  const body = node.querySelector('.message-body');
  if (m.blocks?.length)
    renderBlocks(body, m.blocks, { names: state.names, onButton: (action, block) => click({ messageId: m.id }, action, block) });
  else body.innerHTML = mrkdwn(m.text ?? '', state.names);
  return node;
}

function renderModal(modal) {
  const overlay = $('#modal');
  const key = modal ? JSON.stringify(modal) : '';
  if (key === state.shownModal) return;
  // The same form redrawn (field errors came back): keep what was typed.
  const draft = modal && overlay.dataset.viewId === modal.id ? readInputs(overlay) : undefined;
  state.shownModal = key;
  overlay.hidden = !modal;
  if (!modal) return;
  overlay.dataset.viewId = modal.id;
  const v = modal.view;
  $('#modal-title').textContent = v.title?.text ?? '';
  const body = $('#modal-body');
  body.replaceChildren();
  renderBlocks(body, v.blocks, {
    names: state.names,
    errors: modal.errors,
    draft,
    onButton: (action, block) => click({ viewId: modal.id }, action, block, readInputs(body)),
  });
  $('#modal-submit').hidden = !v.submit;
  $('#modal-submit').textContent = v.submit?.text ?? 'Submit';
  $('#modal-close').textContent = v.close?.text ?? 'Cancel';
}

async function click(where, action, block, values) {
  try {
    await api('click', {
      ...where,
      action: { actionId: action.action_id, blockId: block.block_id, value: action.value, text: action.text?.text, values },
    });
  } catch (err) {
    toast(err.message);
  }
  await refresh();
}

async function send(text) {
  show('channel');
  try {
    await api('command', { text });
  } catch (err) {
    toast(err.message);
  }
  await refresh();
}

function wire() {
  $('#composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('#composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void send(text);
  });
  for (const tab of document.querySelectorAll('[data-pane]')) {
    tab.addEventListener('click', async () => {
      show(tab.dataset.pane);
      if (tab.dataset.pane === 'home') {
        try {
          await api('home', {});
        } catch (err) {
          toast(err.message);
        }
        await refresh(true);
      }
    });
  }
  $('#modal-submit').addEventListener('click', async () => {
    const viewId = $('#modal').dataset.viewId;
    try {
      await api('submit', { viewId, values: readInputs($('#modal-body')) });
    } catch (err) {
      toast(err.message);
    }
    await refresh();
  });
  $('#modal-close').addEventListener('click', async () => {
    await api('close', {}).catch((err) => toast(err.message));
    await refresh();
  });
  $('#digest-now').addEventListener('click', async () => {
    const button = $('#digest-now');
    button.disabled = true;
    try {
      await api('digest', {});
      show('dm');
    } catch (err) {
      toast(err.message);
    } finally {
      button.disabled = false;
    }
    await refresh();
  });
  setInterval(() => void refresh().catch(() => {}), 800);
}

wire();
loadTeam().catch((err) => toast(`The demo is not answering: ${err.message}`));
