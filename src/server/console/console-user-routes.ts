import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KefuError } from '../../core/errors';
import { MIN_PASSWORD_LENGTH, type ConsoleUser, type ConsoleUserListing } from '../../store/console-user-store';
import type { ConsoleGuard } from './console-guard';
import type { ConsoleSessions } from './console-sessions';

/** What the 账号 routes need: the accounts (the store) and the sessions (to end a disabled account's sessions). */
export interface ConsoleUserRouteDeps {
  users: {
    list(): Promise<ConsoleUserListing[]>;
    add(name: string, role: string, password: string): Promise<ConsoleUser>;
    setDisabled(name: string, disabled: boolean): Promise<ConsoleUser>;
    setRole(name: string, role: string): Promise<ConsoleUser>;
    setPassword(name: string, password: string): Promise<ConsoleUser>;
  };
  sessions: Pick<ConsoleSessions, 'endAllOf'>;
}

const PASSWORD = { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 } as const;
const ROLE = { type: 'string', enum: ['admin', 'operator', 'marketing'] } as const;
const NEW_USER = {
  type: 'object',
  required: ['name', 'role', 'password'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 2, maxLength: 64 }, role: ROLE, password: PASSWORD },
} as const;
const NAME_PARAM = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/**
 * The 账号 page's API, for admins only (docs/console.md): `GET /console/api/users`, `POST /console/api/users`
 * `{name, role, password}`, and `POST /console/api/users/:name/disable|enable|password|role`. Disabling an account or
 * setting its password ends its sessions at once (an admin's own current session survives its own new password);
 * the store refuses to disable or demote the last enabled admin (409).
 *
 * @example
 * registerConsoleUserRoutes(app, guard, { users: new TypeormConsoleUsers(dataSource), sessions });
 */
export function registerConsoleUserRoutes(app: FastifyInstance, guard: ConsoleGuard, deps: ConsoleUserRouteDeps): void {
  // preValidation, not preHandler: anonymous and wrong-role requests are refused before their body is validated
  const admin = { preValidation: guard.requireRole('admin') };
  const nameOf = (request: FastifyRequest): string => (request.params as { name: string }).name;

  app.get('/console/api/users', admin, async () => ({
    users: (await deps.users.list()).map((u) => ({
      name: u.name,
      role: u.role,
      createdAt: u.createdAt.toISOString(),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      disabled: u.disabledAt !== null,
    })),
  }));

  app.post('/console/api/users', { ...admin, schema: { body: NEW_USER } }, async (request, reply) => {
    const { name, role, password } = request.body as { name: string; role: string; password: string };
    if ((await deps.users.list()).some((u) => u.name === name))
      throw new KefuError('CONFLICT', `账号「${name}」已存在。The console user '${name}' exists already.`, 'pick another name.');
    const user = await deps.users.add(name, role, password);
    return reply.code(201).send({ user: { name: user.name, role: user.role } });
  });

  app.post('/console/api/users/:name/disable', { ...admin, schema: { params: NAME_PARAM } }, async (request) => {
    const user = await deps.users.setDisabled(nameOf(request), true);
    await deps.sessions.endAllOf(user.id);
    return { user: { name: user.name, role: user.role, disabled: true } };
  });

  app.post('/console/api/users/:name/enable', { ...admin, schema: { params: NAME_PARAM } }, async (request) => {
    const user = await deps.users.setDisabled(nameOf(request), false);
    return { user: { name: user.name, role: user.role, disabled: false } };
  });

  const passwordBody = { type: 'object', required: ['password'], additionalProperties: false, properties: { password: PASSWORD } };
  app.post('/console/api/users/:name/password', { ...admin, schema: { params: NAME_PARAM, body: passwordBody } }, async (request) => {
    const user = await deps.users.setPassword(nameOf(request), (request.body as { password: string }).password);
    const { sessionId, user: me } = guard.identityOf(request);
    await deps.sessions.endAllOf(user.id, me.id === user.id ? sessionId : undefined);
    return { user: { name: user.name, role: user.role } };
  });

  const roleBody = { type: 'object', required: ['role'], additionalProperties: false, properties: { role: ROLE } };
  app.post('/console/api/users/:name/role', { ...admin, schema: { params: NAME_PARAM, body: roleBody } }, async (request) => {
    const user = await deps.users.setRole(nameOf(request), (request.body as { role: string }).role);
    return { user: { name: user.name, role: user.role } };
  });
}
