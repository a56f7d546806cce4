import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PublishBlockedError, type FlowStudio } from '../../studio/flow-studio';
import type { ConsoleGuard } from './console-guard';

const ID_PARAM = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const FILE_NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;
const YAML_TEXT = { type: 'string', maxLength: 200_000 } as const;
const NOTE = {
  type: 'object',
  required: ['note'],
  additionalProperties: false,
  properties: { note: { type: 'string', maxLength: 500 } },
} as const;
const SAVE_FILE = {
  type: 'object',
  required: ['name', 'text'],
  additionalProperties: false,
  properties: { name: FILE_NAME, text: { anyOf: [YAML_TEXT, { type: 'null' }] } },
} as const;
const CHECK = {
  type: 'object',
  required: ['name', 'text'],
  additionalProperties: false,
  properties: { name: FILE_NAME, text: YAML_TEXT },
} as const;
const NEW_DRAFT = { type: 'object', additionalProperties: false, properties: { from: { type: 'integer', minimum: 1 } } } as const;
const INPUT = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 500 },
    click: { type: 'string', minLength: 1, maxLength: 100 },
    event: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;
const SIMULATE = {
  type: 'object',
  required: ['inputs'],
  additionalProperties: false,
  properties: { inputs: { type: 'array', maxItems: 40, items: INPUT }, shopper: { type: 'string', enum: ['new', 'returning'] } },
} as const;

/**
 * The 工作室 (flow studio) API under `/console/api/studio/*`, for marketing and admins only (operators 403, anonymous
 * 401, CSRF on POST), docs/studio.md:
 * - `GET versions`, `GET versions/:id` (files), `GET flows?version=` (flows by shopping stage), `GET versions/:id/graph/:flow`,
 *   `GET versions/:id/diff` (against the published version);
 * - `POST drafts {from?}`, `POST versions/:id/files {name, text|null}`, `POST versions/:id/check {name, text}` (live
 *   validation, nothing saved), `POST versions/:id/simulate {inputs, shopper?}`, `POST versions/:id/discard`;
 * - `POST versions/:id/publish {note}` (422 with `problems` and `failures` in Chinese when checks or transcript tests
 *   fail), `POST versions/:id/rollback {note}` (publish an older version again).
 *
 * @example
 * registerStudioRoutes(app, guard, studio);
 */
export function registerStudioRoutes(app: FastifyInstance, guard: ConsoleGuard, studio: FlowStudio): void {
  // preValidation: anonymous and wrong-role requests are refused before their body is looked at
  const marketing = { preValidation: guard.requireRole('marketing') };
  const idOf = (request: FastifyRequest): number => (request.params as { id: number }).id;
  const who = (request: FastifyRequest): string => guard.identityOf(request).user.name;
  const publishing = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    try {
      return { version: await run() };
    } catch (err) {
      if (!(err instanceof PublishBlockedError)) throw err;
      return reply.code(422).send({ error: err.code, message: err.message, problems: err.problems, failures: err.failures });
    }
  };

  app.get('/console/api/studio/versions', marketing, async () => ({ versions: await studio.versions() }));
  app.get('/console/api/studio/versions/:id', { ...marketing, schema: { params: ID_PARAM } }, async (request) => ({
    version: await studio.version(idOf(request)),
  }));
  app.get(
    '/console/api/studio/flows',
    { ...marketing, schema: { querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } } } } },
    async (request) => {
      const { version, groups, actions } = await studio.stages((request.query as { version?: number }).version);
      return { version: { ...version, files: Object.keys(version.files).sort() }, groups, actions };
    },
  );
  const graphParams = {
    type: 'object',
    required: ['id', 'flow'],
    properties: { id: { type: 'integer', minimum: 1 }, flow: { type: 'string', maxLength: 100 } },
  };
  app.get('/console/api/studio/versions/:id/graph/:flow', { ...marketing, schema: { params: graphParams } }, async (request) => ({
    mermaid: await studio.graph(idOf(request), (request.params as { flow: string }).flow),
  }));
  app.get('/console/api/studio/versions/:id/diff', { ...marketing, schema: { params: ID_PARAM } }, async (request) =>
    studio.diff(idOf(request)),
  );

  app.post('/console/api/studio/drafts', { ...marketing, schema: { body: NEW_DRAFT } }, async (request, reply) => {
    const draft = await studio.newDraft(who(request), (request.body as { from?: number } | undefined)?.from);
    return reply.code(201).send({ version: draft });
  });
  app.post('/console/api/studio/versions/:id/files', { ...marketing, schema: { params: ID_PARAM, body: SAVE_FILE } }, async (request) => {
    const { name, text } = request.body as { name: string; text: string | null };
    return studio.saveFile(idOf(request), name, text);
  });
  app.post('/console/api/studio/versions/:id/check', { ...marketing, schema: { params: ID_PARAM, body: CHECK } }, async (request) => {
    const { name, text } = request.body as { name: string; text: string };
    return studio.check(idOf(request), name, text);
  });
  app.post('/console/api/studio/versions/:id/simulate', { ...marketing, schema: { params: ID_PARAM, body: SIMULATE } }, async (request) => {
    const { inputs, shopper } = request.body as { inputs: Parameters<FlowStudio['simulate']>[1]; shopper?: 'new' | 'returning' };
    return { turns: await studio.simulate(idOf(request), inputs, shopper) };
  });
  app.post('/console/api/studio/versions/:id/discard', { ...marketing, schema: { params: ID_PARAM } }, async (request) => ({
    version: await studio.discard(idOf(request)),
  }));
  app.post('/console/api/studio/versions/:id/publish', { ...marketing, schema: { params: ID_PARAM, body: NOTE } }, async (request, reply) =>
    publishing(reply, () => studio.publish(idOf(request), who(request), (request.body as { note: string }).note)),
  );
  app.post(
    '/console/api/studio/versions/:id/rollback',
    { ...marketing, schema: { params: ID_PARAM, body: NOTE } },
    async (request, reply) =>
      publishing(reply, () => studio.rollback(idOf(request), who(request), (request.body as { note: string }).note)),
  );
}
