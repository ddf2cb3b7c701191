// Block Kit as Slack draws it, close enough to judge the bot by: sections with mrkdwn and fields,
// context, header, divider, images, actions with buttons, and a modal's inputs. Plain browser
// JavaScript with no build step; the demo server serves it as it is.

// Symbols most fonts have (a headless browser often has no colour-emoji font), coloured as Slack's emoji are.
const EMOJI = {
  warning: ['⚠', 'amber'],
  white_check_mark: ['✔', 'green'],
  heavy_check_mark: ['✔', 'green'],
  x: ['✖', 'red'],
  tada: ['★', 'amber'],
  trophy: ['★', 'amber'],
  palm_tree: ['☀', 'amber'],
  information_source: ['ℹ', 'blue'],
  leftwards_arrow_with_hook: ['↩', 'blue'],
  hourglass: ['⌛', 'grey'],
  white_circle: ['○', 'grey'],
  red_circle: ['●', 'red'],
  large_green_circle: ['●', 'green'],
  question: ['?', 'blue'],
  calendar: ['▦', 'blue'],
};

/** An :emoji: as a coloured symbol, or as typed when the page does not know it. */
const emoji = (whole, name) =>
  EMOJI[name] ? `<span class="emoji emoji-${EMOJI[name][1]}" title=":${name}:">${EMOJI[name][0]}</span>` : whole;

const escapeHtml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack's own escapes in message text, undone: it writes &, < and > as entities. */
const unescapeSlack = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * mrkdwn to HTML: <@U…> mentions by name, <url|label> links, <#C…|name> channels, *bold*,
 * _italic_, ~strike~, `code`, ```blocks```, > quotes, :emoji: and line breaks.
 * `names` maps user ids to the names the page shows.
 */
export function mrkdwn(text, names = {}) {
  const tokens = [];
  const hold = (html) => `\u0000${tokens.push(html) - 1}\u0000`;
  let s = String(text ?? '').replace(/<([^<>]+)>/g, (_, inner) => {
    const [target, label] = inner.split('|');
    if (/^@[UW]/.test(target)) {
      const id = target.slice(1);
      return hold(`<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(names[id] ?? label ?? id)}</span>`);
    }
    if (target.startsWith('#')) return hold(`<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`);
    if (target.startsWith('!')) return hold(`<span class="mention">@${escapeHtml(label ?? target.slice(1).split('^')[0])}</span>`);
    const href = unescapeSlack(target);
    // Only a web or mail address is a link; anything else in angle brackets is shown as written.
    if (!/^(https?:|mailto:)/.test(href)) return hold(escapeHtml(`<${unescapeSlack(inner)}>`));
    return hold(`<a href="${escapeHtml(href)}" target="_blank" rel="noreferrer">${escapeHtml(unescapeSlack(label ?? target))}</a>`);
  });
  s = escapeHtml(unescapeSlack(s));
  s = s.replace(/```([\s\S]*?)```/g, (_, code) => hold(`<pre>${code.replace(/^\n/, '')}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, code) => hold(`<code>${code}</code>`));
  s = s.replace(/(^|[\s(>\u0000"'“])\*([^*\n]+)\*(?=$|[\s).,:;!?<\u0000"'”])/g, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(>\u0000"'“])_([^_\n]+)_(?=$|[\s).,:;!?<\u0000"'”])/g, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(>\u0000])~([^~\n]+)~(?=$|[\s).,:;!?<\u0000])/g, '$1<s>$2</s>');
  s = s.replace(/:([a-z0-9_+-]+):/g, emoji);
  s = s
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') ? `<span class="quote">${line.slice(5)}</span>` : line))
    .join('<br>');
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => tokens[Number(i)]);
}

/** A text object (plain_text or mrkdwn) as HTML. */
export function textObject(obj, names) {
  if (!obj) return '';
  if (obj.type === 'mrkdwn') return mrkdwn(obj.text, names);
  return escapeHtml(obj.text ?? '').replace(/:([a-z0-9_+-]+):/g, (whole, name) => (obj.emoji === false ? whole : emoji(whole, name)));
}

const el = (html) => {
  const t = document.createElement('template');
  t.innerHTML = html.trim();
  return t.content.firstElementChild;
};

/**
 * Draws blocks into a container element. `ctx.names` names users; `ctx.onButton(action, block)`
 * is called on a click (after a button's confirm dialog, when it has one); `ctx.errors` holds a
 * modal's field errors by block id; `ctx.draft` what the person typed in a modal's inputs so far.
 */
export function renderBlocks(container, blocks, ctx) {
  for (const block of blocks ?? []) {
    const node = renderBlock(block, ctx);
    if (node) container.append(node);
  }
}

function renderBlock(block, ctx) {
  const names = ctx.names;
  switch (block.type) {
    case 'header':
      return el(`<div class="bk-header">${textObject(block.text, names)}</div>`);
    case 'divider':
      return el('<hr class="bk-divider">');
    case 'section': {
      const node = el('<div class="bk-section"><div class="bk-section-body"></div></div>');
      const body = node.firstElementChild;
      if (block.text) body.append(el(`<div class="bk-text">${textObject(block.text, names)}</div>`));
      if (block.fields?.length) {
        const fields = el('<div class="bk-fields"></div>');
        for (const f of block.fields) fields.append(el(`<div class="bk-field">${textObject(f, names)}</div>`));
        body.append(fields);
      }
      if (block.accessory) {
        const accessory = renderElement(block.accessory, block, ctx);
        if (accessory) node.append(wrap('bk-accessory', accessory));
      }
      return node;
    }
    case 'context': {
      const node = el('<div class="bk-context"></div>');
      for (const e of block.elements ?? []) {
        node.append(
          e.type === 'image'
            ? el(`<img class="bk-context-image" src="${escapeHtml(e.image_url ?? '')}" alt="${escapeHtml(e.alt_text ?? '')}">`)
            : el(`<span>${textObject(e, names)}</span>`),
        );
      }
      return node;
    }
    case 'image': {
      const src = block.image_url ?? block.slack_file?.url ?? '';
      const title = block.title ? `<div class="bk-image-title">${textObject(block.title, names)}</div>` : '';
      return el(`<figure class="bk-image">${title}<img src="${escapeHtml(src)}" alt="${escapeHtml(block.alt_text ?? '')}"></figure>`);
    }
    case 'actions': {
      const node = el('<div class="bk-actions"></div>');
      for (const e of block.elements ?? []) {
        const child = renderElement(e, block, ctx);
        if (child) node.append(child);
      }
      return node;
    }
    case 'input': {
      const error = ctx.errors?.[block.block_id];
      const node = el(
        `<label class="bk-input${error ? ' has-error' : ''}" data-block-id="${escapeHtml(block.block_id ?? '')}">
          <span class="bk-label">${textObject(block.label, names)}${block.optional ? ' <span class="bk-optional">(optional)</span>' : ''}</span>
        </label>`,
      );
      const input = renderElement(block.element, block, ctx);
      if (input) node.append(input);
      if (block.hint) node.append(el(`<span class="bk-hint">${textObject(block.hint, names)}</span>`));
      if (error) node.append(el(`<span class="bk-error" role="alert">${escapeHtml(error)}</span>`));
      return node;
    }
    default:
      return el(`<div class="bk-unknown">[${escapeHtml(block.type)} block]</div>`);
  }
}

const wrap = (cls, child) => {
  const node = el(`<div class="${cls}"></div>`);
  node.append(child);
  return node;
};

/** An interactive element: a button, or one of a modal's inputs (named by block and action id, read back on submit). */
function renderElement(e, block, ctx) {
  const ids = `data-block-id="${escapeHtml(block.block_id ?? '')}" data-action-id="${escapeHtml(e.action_id ?? '')}" data-type="${escapeHtml(e.type)}"`;
  const draft = ctx.draft?.[block.block_id]?.[e.action_id];
  switch (e.type) {
    case 'button': {
      const style = e.style ? ` bk-button-${e.style}` : '';
      const node = el(`<button type="button" class="bk-button${style}">${textObject(e.text, ctx.names)}</button>`);
      node.addEventListener('click', async () => {
        if (e.confirm && !(await confirmDialog(e.confirm, ctx.names))) return;
        ctx.onButton?.(e, block);
      });
      return node;
    }
    case 'image':
      return el(`<img class="bk-accessory-image" src="${escapeHtml(e.image_url ?? '')}" alt="${escapeHtml(e.alt_text ?? '')}">`);
    case 'static_select': {
      const node = el(`<select class="bk-select" ${ids}></select>`);
      node.append(el(`<option value="">${escapeHtml(e.placeholder?.text ?? 'Choose')}</option>`));
      const add = (parent, o) => {
        const opt = el(`<option value="${escapeHtml(o.value)}">${escapeHtml(o.text?.text ?? o.value)}</option>`);
        parent.append(opt);
      };
      for (const o of e.options ?? []) add(node, o);
      for (const g of e.option_groups ?? []) {
        const group = el(`<optgroup label="${escapeHtml(g.label?.text ?? '')}"></optgroup>`);
        for (const o of g.options ?? []) add(group, o);
        node.append(group);
      }
      node.value = draft?.selected_option?.value ?? e.initial_option?.value ?? '';
      return node;
    }
    case 'number_input':
    case 'plain_text_input': {
      const value = draft?.value ?? e.initial_value ?? '';
      const placeholder = e.placeholder ? ` placeholder="${escapeHtml(e.placeholder.text)}"` : '';
      if (e.type === 'plain_text_input' && e.multiline)
        return el(`<textarea class="bk-textarea" ${ids}${placeholder} maxlength="${e.max_length ?? 3000}">${escapeHtml(value)}</textarea>`);
      const kind = e.type === 'number_input' ? 'type="text" inputmode="decimal"' : 'type="text"';
      return el(`<input class="bk-text-input" ${kind} ${ids}${placeholder} value="${escapeHtml(value)}">`);
    }
    case 'datepicker':
      return el(`<input class="bk-date" type="date" ${ids} value="${escapeHtml(draft?.selected_date ?? e.initial_date ?? '')}">`);
    default:
      return el(`<span class="bk-unknown">[${escapeHtml(e.type)}]</span>`);
  }
}

/** What a modal's inputs hold, shaped as Slack's view.state.values: block id, then action id. */
export function readInputs(container) {
  const values = {};
  for (const node of container.querySelectorAll('[data-action-id][data-type]')) {
    const { blockId, actionId, type } = node.dataset;
    if (type === 'button') continue;
    const v = (values[blockId] ??= {});
    const raw = node.value;
    if (type === 'static_select') {
      const label = node.selectedOptions[0]?.textContent ?? '';
      v[actionId] = { type, selected_option: raw ? { value: raw, text: { type: 'plain_text', text: label } } : null };
    } else if (type === 'datepicker') v[actionId] = { type, selected_date: raw || null };
    else v[actionId] = { type, value: raw === '' ? null : raw };
  }
  return values;
}

/** A button's confirm dialog, as Slack shows it before the click counts. */
function confirmDialog(confirm, names) {
  return new Promise((resolve) => {
    const overlay = el(
      `<div class="overlay confirm" role="dialog" aria-modal="true">
        <div class="dialog">
          <div class="dialog-title">${textObject(confirm.title ?? { type: 'plain_text', text: 'Are you sure?' }, names)}</div>
          <div class="dialog-body">${textObject(confirm.text, names)}</div>
          <div class="dialog-buttons">
            <button type="button" class="bk-button deny">${textObject(confirm.deny ?? { type: 'plain_text', text: 'Cancel' }, names)}</button>
            <button type="button" class="bk-button ${confirm.style === 'primary' ? 'bk-button-primary' : 'bk-button-danger'} ok">${textObject(confirm.confirm ?? { type: 'plain_text', text: 'Yes' }, names)}</button>
          </div>
        </div>
      </div>`,
    );
    const done = (answer) => {
      overlay.remove();
      resolve(answer);
    };
    overlay.querySelector('.deny').addEventListener('click', () => done(false));
    overlay.querySelector('.ok').addEventListener('click', () => done(true));
    document.body.append(overlay);
  });
}
