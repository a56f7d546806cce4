import type { FastifyInstance } from 'fastify';
import { Experiments } from '../experiments/experiments';
import { studioChanger } from '../experiments/flow-changer';
import { HoldoutExperiments } from '../experiments/holdout-experiments';
import { HoldoutLogReader } from '../experiments/holdout-reader';
import { ExposedOutcomeReader } from '../experiments/outcome-reader';
import type { ConsoleGuard } from '../server/console/console-guard';
import { registerExperimentRoutes } from '../server/console/experiment-routes';
import { registerHoldoutRoutes } from '../server/console/holdout-routes';
import type { KefuCore } from './create-kefu';

/**
 * Mount the 实验 tab's API (docs/studio.md 实验) on the console: experiments of the served flows, results from the
 * exposures and the KPI tables, stop and promote through the flow studio (a new published version); and the holdouts of
 * proactive triggers and prediction rules as two-arm experiments from the outreach log (docs/outreach.md 对照组).
 *
 * @example
 * mountExperiments(app, guard, core);
 */
export function mountExperiments(app: FastifyInstance, guard: ConsoleGuard, core: KefuCore): Experiments {
  const experiments = new Experiments({
    bundle: () => core.flows.current(),
    exposures: core.exposures,
    outcomes: new ExposedOutcomeReader(core.dataSource),
    changer: studioChanger(core.studio),
  });
  registerExperimentRoutes(app, guard, experiments);
  const holdouts = new HoldoutExperiments({
    bundle: () => core.flows.current(),
    log: new HoldoutLogReader(core.dataSource),
    windowMs: core.config.attributionWindowHours * 3_600_000,
  });
  registerHoldoutRoutes(app, guard, holdouts);
  return experiments;
}
