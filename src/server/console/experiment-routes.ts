import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PublishBlockedError } from '../../studio/flow-studio';
import { BadInputError } from '../../core/errors';
import type { Experiments } from '../../experiments/experiments';
import type { ConsoleGuard } from './console-guard';

const ID = /^[a-z][a-z0-9_]{0,63}$/;

function experimentId(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id ?? '';
  if (!ID.test(id))
    throw new BadInputError(`Invalid experiment id '${id.slice(0, 70)}'.`, 'use an id from GET /console/api/experiments (snake_case).');
  return id;
}

/**
 * The 实验 tab's API (docs/studio.md 实验), for marketing and admin (anonymous 401, operator 403; CSRF on POST):
 *
 * - `GET /console/api/experiments` — every experiment of the served flows with exposures per variant
 * - `GET /console/api/experiments/:id` — results per variant: conversion, CSAT, resolution with 95 % intervals, the
 *   difference to the control, the sample-ratio check
 * - `POST /console/api/experiments/:id/stop` — everyone sees the control
 * - `POST /console/api/experiments/:id/promote` `{ variant }` — the flow rewritten to the winner (a new published
 *   version through the studio)
 *
 * @example
 * registerExperimentRoutes(app, guard, experiments);
 */
export function registerExperimentRoutes(app: FastifyInstance, guard: ConsoleGuard, experiments: Experiments): void {
  // preValidation: anonymous and wrong-role requests are refused before their body is looked at
  const allowed = { preValidation: guard.requireRole('marketing') };
  const changing = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof PublishBlockedError)) throw err;
      return reply.code(422).send({ error: err.code, message: err.message, problems: err.problems, failures: err.failures });
    }
  };
  const who = (request: FastifyRequest): string => guard.identityOf(request).user.name;
  app.get('/console/api/experiments', allowed, async () => ({ experiments: await experiments.list() }));
  app.get('/console/api/experiments/:id', allowed, async (request) => experiments.results(experimentId(request)));
  app.post('/console/api/experiments/:id/stop', allowed, async (request, reply) =>
    changing(reply, () => experiments.stop(experimentId(request), who(request))),
  );
  app.post('/console/api/experiments/:id/promote', allowed, async (request, reply) => {
    const variant = (request.body as { variant?: unknown } | undefined)?.variant;
    if (typeof variant !== 'string' || variant.length === 0 || variant.length > 32)
      throw new BadInputError('Missing variant.', 'send { "variant": "B" } with the id of the winning variant.');
    return changing(reply, () => experiments.promote(experimentId(request), variant, who(request)));
  });
}
