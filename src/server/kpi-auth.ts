import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorizationMatches } from '../core/security/constant-time';

/**
 * Checks the admin token of a KPI request and answers for it when it fails: 404 ADMIN_DISABLED when no token is
 * configured, 401 with `WWW-Authenticate: Bearer` when it is missing or wrong. Returns true when the request may go on.
 *
 * @example
 * if (!(await kpiAuthorized(deps.token, request, reply))) return reply;
 */
export async function kpiAuthorized(token: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (!token) {
    await reply.code(404).send({
      error: 'ADMIN_DISABLED',
      message:
        'The KPIs are disabled because no admin token is configured. Fix: set KEFU_ADMIN_TOKEN (at least 16 characters) and restart kefu.',
    });
    return false;
  }
  if (!authorizationMatches(request.headers.authorization, token)) {
    await reply.code(401).header('www-authenticate', 'Bearer').send({
      error: 'UNAUTHORIZED',
      message: 'Missing or wrong admin token. Fix: send the header Authorization: Bearer <KEFU_ADMIN_TOKEN>.',
    });
    return false;
  }
  return true;
}
