import { DependencyError } from '../../src/index';
import type { TokenClient } from './token-client';

/** An outgoing Activity (plain JSON, as the Bot Connector REST API takes it). */
export type OutgoingActivity = Record<string, unknown> & { type: string };

/**
 * The Bot Connector REST API at a conversation's serviceUrl: `POST /v3/conversations/{id}/activities/{replyToId}` for a
 * reply, `POST /v3/conversations/{id}/activities` for a proactive message, with the bot's bearer token (none for the
 * Emulator). A refused token is renewed once.
 *
 * @example
 * const connector = new ConnectorClient(tokens, 10_000);
 * await connector.post('https://smba.trafficmanager.net/apac/', 'a:1f…', { type: 'message', text: '您好' }, '1700000000');
 */
export class ConnectorClient {
  constructor(
    private readonly tokens: TokenClient | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** Posts one Activity; resolves with the id the channel gave it. */
  async post(serviceUrl: string, conversationId: string, activity: OutgoingActivity, replyToId?: string): Promise<{ id?: string }> {
    const base = serviceUrl.replace(/\/+$/, '');
    const url = `${base}/v3/conversations/${encodeURIComponent(conversationId)}/activities${replyToId ? `/${encodeURIComponent(replyToId)}` : ''}`;
    let res = await this.call(url, activity);
    if ((res.response.status === 401 || res.response.status === 403) && res.token) {
      this.tokens?.invalidate(res.token);
      res = await this.call(url, activity);
    }
    const { response } = res;
    if (!response.ok)
      throw new DependencyError(
        'botframework connector',
        `${base} answered ${response.status} to an Activity of type ${activity.type}.`,
        response.status === 401 || response.status === 403
          ? "check the bot's App ID and password (KEFU_BOTFRAMEWORK_APP_ID / _PASSWORD) and that the bot is registered for this channel."
          : "see the channel's answer in the log; a 404 means the conversation no longer exists (the shopper left or removed the bot).",
      );
    const body = (await response.json().catch(() => ({}))) as { id?: unknown };
    return typeof body.id === 'string' ? { id: body.id } : {};
  }

  private async call(url: string, activity: OutgoingActivity): Promise<{ response: Response; token?: string }> {
    const token = this.tokens ? await this.tokens.token() : undefined;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { response, ...(token && { token }) };
    } catch (err) {
      throw new DependencyError(
        'botframework connector',
        `${new URL(url).origin} could not be reached.`,
        "check the network path to the channel's serviceUrl; the send is retried by outreach.",
        { cause: err },
      );
    }
  }
}
