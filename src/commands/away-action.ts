import { mayAdminister } from '../roster/permissions.js';
import { takeBackClicked } from './away.js';
import { buttonListener } from './button.js';
import { peopleDeps, type Deps } from './deps.js';

/** The Take back button on a days-away confirmation: takes back the days it marked and says so in place. */
export const awayTakeBackAction = (deps: Deps) =>
  buttonListener(
    deps,
    { what: 'taking back days away', sorry: 'those days were *not taken back*' },
    async ({ body, action, client }, rep) => {
      const userId = body.user.id;
      const may = async (repId: string) =>
        repId === userId || mayAdminister(peopleDeps(deps, client, rep.now), userId, { kind: 'away', repId });
      return takeBackClicked(deps, rep, userId, action.value ?? '', may);
    },
  );
