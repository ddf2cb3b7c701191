/**
 * Slack rejects a message or view past its Block Kit limits (`invalid_blocks`) and there is no
 * offline validator, so the bot checks the limits it can reach itself.
 */
const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 75,
  options: 100,
  viewTitle: 24,
  id: 255,
  privateMetadata: 3000,
  messageBlockText: 12_000,
} as const;

type Node = Record<string, any>;

/** Every limit the message or view breaks, as readable lines; empty when it is within them all. */
export function blockKitProblems(
  payload: { blocks?: unknown[]; title?: Node; submit?: Node; close?: Node; private_metadata?: string },
  kind: 'message' | 'view',
): string[] {
  const problems: string[] = [];
  const blocks = (payload.blocks ?? []) as Node[];
  const maxBlocks = kind === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  const tooLong = (what: string, text: unknown, max: number) => {
    if (typeof text === 'string' && text.length > max) problems.push(`${what} is ${text.length} chars (max ${max})`);
  };
  if (kind === 'view') {
    for (const key of ['title', 'submit', 'close'] as const) tooLong(`view ${key}`, payload[key]?.text, LIMITS.viewTitle);
    tooLong('private_metadata', payload.private_metadata, LIMITS.privateMetadata);
  }
  let textTotal = 0;
  blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    tooLong(`${at} block_id`, block.block_id, LIMITS.id);
    // Slack refuses empty text as it refuses too long a text.
    const empty = (what: string, text: unknown) => {
      if (text === '') problems.push(`${what} is empty`);
    };
    if (block.type === 'section') {
      empty(`${at} text`, block.text?.text);
      tooLong(`${at} text`, block.text?.text, LIMITS.sectionText);
      textTotal += block.text?.text?.length ?? 0;
      const fields = (block.fields ?? []) as Node[];
      if (fields.length > LIMITS.fields) problems.push(`${at} has ${fields.length} fields (max ${LIMITS.fields})`);
      fields.forEach((f, j) => tooLong(`${at} field ${j}`, f.text, LIMITS.fieldText));
    }
    if (block.type === 'header') {
      empty(`${at} text`, block.text?.text);
      tooLong(`${at} text`, block.text?.text, LIMITS.headerText);
    }
    if (block.type === 'context') {
      const elements = (block.elements ?? []) as Node[];
      if (elements.length > LIMITS.contextElements) problems.push(`${at} has ${elements.length} elements (max ${LIMITS.contextElements})`);
      for (const e of elements) {
        empty(`${at} element`, e.text);
        textTotal += e.text?.length ?? 0;
      }
    }
    if (block.type === 'actions') {
      const elements = (block.elements ?? []) as Node[];
      if (elements.length > LIMITS.actionsElements) problems.push(`${at} has ${elements.length} elements (max ${LIMITS.actionsElements})`);
    }
    const elements = [block.element, block.accessory, ...(block.type === 'actions' ? (block.elements ?? []) : [])].filter(
      Boolean,
    ) as Node[];
    for (const e of elements) {
      tooLong(`${at} action_id`, e.action_id, LIMITS.id);
      if (e.type === 'button') {
        tooLong(`${at} button text`, e.text?.text, LIMITS.buttonText);
        tooLong(`${at} button value`, e.value, LIMITS.buttonValue);
      }
      const options = (e.options ?? []) as Node[];
      if (options.length > LIMITS.options) problems.push(`${at} has ${options.length} options (max ${LIMITS.options})`);
      for (const o of options) {
        tooLong(`${at} option text`, o.text?.text, LIMITS.optionText);
        tooLong(`${at} option value`, o.value, LIMITS.optionValue);
      }
    }
  });
  if (kind === 'message' && textTotal > LIMITS.messageBlockText)
    problems.push(`block text totals ${textTotal} chars (max ${LIMITS.messageBlockText})`);
  return problems;
}
