import { isAdmin } from '../roster/permissions.js';
import { applyGoalChange, type GoalChange } from '../scoring/programme-change.js';
import { MAX_GOAL, MAX_WEEK, ROLE_NAME } from '../scoring/programme.js';
import { isValidDay } from '../scoring/week.js';
import { buildAdminRefusal } from '../views/admin.js';
import { ids } from '../views/ids.js';
import { textMessage } from '../views/message.js';
import { buildGoalChangeDone } from '../views/programme.js';
import { buttonListener } from './button.js';
import { peopleDeps, type Deps } from './deps.js';

const whole = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;

/** The change a button carries, checked again: a click is a request like any other, and may be forged. */
function readChange(value: string | undefined): GoalChange | undefined {
  try {
    const c = JSON.parse(value ?? '') as GoalChange;
    const ramp = c.goals?.ramp;
    const established = c.goals?.established;
    const ok =
      typeof c.role === 'string' &&
      ROLE_NAME.test(c.role) &&
      typeof c.from === 'string' &&
      isValidDay(c.from) &&
      Array.isArray(ramp) &&
      ramp.every((s) => whole(s?.from, MAX_WEEK) && whole(s.to, MAX_WEEK) && s.from <= s.to && whole(s.goal, MAX_GOAL)) &&
      (established === null || established === 'ramp' || whole(established, MAX_GOAL));
    return ok ? { role: c.role, from: c.from, goals: { ramp, established } } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Apply / Cancel under a goal preview: saves the change only for an admin, once (a second click
 * finds it in force), and answers in place of the preview.
 */
export const goalChangeAction = (deps: Deps) =>
  buttonListener(deps, { what: 'goal change', sorry: 'the goals did *not* change' }, async ({ body, action, client }, admin) => {
    const adminId = body.user.id;
    const change = readChange(action.value);
    if (!(await isAdmin(peopleDeps(deps, client, admin.now), adminId))) return buildAdminRefusal();
    if (!change) return textMessage(':warning: That preview can’t be read. Nothing changed.');
    if (action.action_id !== ids.goalApplyButton) return buildGoalChangeDone(change, 'cancelled');
    const who = { by: adminId, at: admin.now };
    const result = await deps.writes.run(() => applyGoalChange(deps.db, change, admin.week.currentWeek, who), admin.writeBy);
    if (result.kind === 'applied') deps.logger.info({ event: 'goals_changed', user: adminId, change }, 'role goals changed');
    return buildGoalChangeDone(change, result);
  });
