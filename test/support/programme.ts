import { allText } from './blocks.js';
import type { TestBot } from './test-bot.js';

let clicks = 0;

/**
 * An admin's goal change carried through, as an admin does it: the `/points-admin` command's
 * preview, then its Apply button. Returns what the admin read at each step.
 */
export async function changeGoals(t: TestBot, text: string, adminId: string): Promise<{ preview: string; applied: string }> {
  const res = await t.command('/points-admin', text, { user_id: adminId });
  const json = res.json as { blocks?: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> };
  const preview = allText(res.json);
  const apply = json.blocks?.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'admin_goal_apply_button');
  if (!apply?.value) return { preview, applied: '' };
  const id = `goal-change-${++clicks}`;
  await t.click({ actionId: 'admin_goal_apply_button', value: apply.value, userId: adminId, responseUrl: t.slack.responseUrl(id) });
  await t.slack.waitFor((c) => c.some((x) => x.method === `response:${id}`));
  return { preview, applied: allText(t.slack.callsTo(`response:${id}`)[0]!.args) };
}
