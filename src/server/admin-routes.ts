import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BadInputError, KefuError } from '../core/errors';
import { authorizationMatches } from '../core/security/constant-time';
import type { AdminService } from './admin-service';

/** Prefix of every admin API route. */
export const ADMIN_PREFIX = '/admin/api';

const optOutBody = z.object({ optedOut: z.boolean() }).strict();
const customerId = z.string().regex(/^[\x21-\x7e]{1,128}$/, "the shop's customer id: 1-128 visible ASCII characters");
const linkBody = z
  .object({
    customerId,
    channel: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'a channel name such as wechaty, wechat-official, wechat-mini, wecom-kf or unionid')
      .refine((c) => c !== 'shop', "'shop' is the customer id itself: name the channel of the identity to link"),
    externalId: z.string().min(1).max(191),
  })
  .strict();
const modeQuery = z.object({ mode: z.enum(['bot', 'handoff']).optional() }).strict();
const idParam = z.string().min(1).max(256);
const recordsQuery = z
  .object({
    kind: z.enum(['invoice', 'complaint', 'return']).optional(),
    status: z.enum(['open', 'done']).optional(),
    userId: z.string().min(1).max(191).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
const recordStatusBody = z.object({ status: z.enum(['open', 'done']) }).strict();
const campaignBody = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use snake_case, e.g. double11_vip'),
    userIds: z.array(z.string().min(1).max(64)).max(100_000).optional(),
    customerIds: z.array(customerId).max(100_000).optional(),
    tag: z.string().min(1).max(64).optional(),
    segment: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a segment name from flows/segments.yaml, e.g. vip_sleepers')
      .optional(),
    at: z.union([z.string().datetime({ offset: true }), z.number().int().positive()]).optional(),
    text: z.string().min(1).max(2000),
    quick_replies: z.array(z.string().min(1).max(20)).max(10).optional(),
  })
  .strict()
  .refine((b) => [b.userIds, b.customerIds, b.tag, b.segment].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of userIds, customerIds, tag or segment',
  });

/** Parse with zod; a failure becomes a BadInputError naming the field. */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : what;
  throw new BadInputError(`Invalid ${what}: ${where}: ${issue?.message ?? 'invalid'}.`, 'see docs for the admin API request format.');
}

/**
 * Mount the admin API under /admin/api behind `Authorization: Bearer <KEFU_ADMIN_TOKEN>`.
 * Without a token configured every admin route answers 404 ADMIN_DISABLED.
 *
 * @example
 * await registerAdminRoutes(app, config.adminToken, adminService);
 */
export async function registerAdminRoutes(app: FastifyInstance, token: string | undefined, admin: AdminService | undefined): Promise<void> {
  await app.register(
    async (scope) => {
      if (!token) {
        scope.all('/*', async () => {
          throw new KefuError(
            'ADMIN_DISABLED',
            'The admin API is disabled because no admin token is configured.',
            'set KEFU_ADMIN_TOKEN (at least 16 characters) and restart kefu.',
          );
        });
        return;
      }
      scope.addHook('onRequest', async (request, reply) => {
        if (!authorizationMatches(request.headers.authorization, token)) {
          return reply.status(401).header('www-authenticate', 'Bearer').send({
            error: 'UNAUTHORIZED',
            message: 'Missing or wrong admin token. Fix: send the header Authorization: Bearer <KEFU_ADMIN_TOKEN>.',
          });
        }
      });
      const service = (): AdminService => {
        if (admin) return admin;
        throw new KefuError(
          'ADMIN_UNAVAILABLE',
          'The admin API has no admin service in this process.',
          'run kefu with the web role (kefu start --role web or all).',
        );
      };
      registerAdminOperations(scope, service);
    },
    { prefix: ADMIN_PREFIX },
  );
}

function registerAdminOperations(scope: FastifyInstance, service: () => AdminService): void {
  scope.get('/conversations', async (request) => {
    const { mode } = parse(modeQuery, request.query, 'query');
    return { conversations: await service().listConversations({ mode }) };
  });
  scope.post('/conversations/:key/release', async (request) => {
    const key = parse(idParam, (request.params as { key?: string }).key, 'conversation key');
    return service().releaseConversation(key);
  });
  scope.post('/users/link', async (request) => service().linkUser(parse(linkBody, request.body, 'body')));
  scope.get('/users/by-customer/:customerId', async (request) => {
    const id = parse(customerId, (request.params as { customerId?: string }).customerId, 'customer id');
    return service().userByCustomer(id);
  });
  scope.post('/users/:id/opt-out', async (request) => {
    const id = parse(idParam, (request.params as { id?: string }).id, 'user id');
    const { optedOut } = parse(optOutBody, request.body, 'body');
    return service().setOptOut(id, optedOut);
  });
  scope.post('/campaigns', async (request, reply) => {
    const body = parse(campaignBody, request.body, 'body');
    return reply.status(202).send(await service().scheduleCampaign(body));
  });
  scope.get('/segments', async () => service().segments());
  scope.post('/flows/reload', async () => service().reloadFlows());
  scope.get('/flows/status', async () => service().flowsStatus());
  scope.get('/channels', async () => ({ channels: await service().channels() }));
  scope.get('/records', async (request) => {
    const query = parse(recordsQuery, request.query, 'query');
    return { records: await service().listServiceRecords(query) };
  });
  scope.post('/records/:ref/status', async (request) => {
    const ref = parse(idParam, (request.params as { ref?: string }).ref, 'record reference');
    const { status } = parse(recordStatusBody, request.body, 'body');
    return service().setServiceRecordStatus(ref, status);
  });
}
