import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadInputError } from '../../core/errors';
import type { HoldoutExperiments } from '../../experiments/holdout-experiments';
import type { ConsoleGuard } from './console-guard';

const ID = /^[a-z][a-z0-9_]{0,99}$/;

function holdoutId(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id ?? '';
  if (!ID.test(id))
    throw new BadInputError(`Invalid trigger id '${id.slice(0, 110)}'.`, 'use an id from GET /console/api/holdouts (snake_case).');
  return id;
}

/**
 * The 实验 tab's holdout section (docs/outreach.md 对照组), for marketing and admin (anonymous 401, operator 403):
 *
 * - `GET /console/api/holdouts` — proactive triggers and prediction rules with `holdout:`
 * - `GET /console/api/holdouts/:id` — control vs treated: shoppers, conversion with 95 % intervals, the difference
 *   (Newcombe) and the sample-ratio check
 *
 * @example
 * registerHoldoutRoutes(app, guard, holdouts);
 */
export function registerHoldoutRoutes(app: FastifyInstance, guard: ConsoleGuard, holdouts: HoldoutExperiments): void {
  const allowed = { preValidation: guard.requireRole('marketing') };
  app.get('/console/api/holdouts', allowed, async () => ({ holdouts: holdouts.list() }));
  app.get('/console/api/holdouts/:id', allowed, async (request) => holdouts.results(holdoutId(request)));
}
