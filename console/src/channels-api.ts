import { call } from './api';

/** Health of one app's access_token (WeChat doors); never the token itself. */
export interface TokenHealth {
  account: string;
  lastFetchAt?: number;
  expiresAt?: number;
  lastOkAt?: number;
  lastError?: { code?: number; at: number; hint: string };
}

/** One running channel as GET /console/api/channels lists it. */
export interface ChannelRow {
  name: string;
  state: 'online' | 'starting' | 'login_required' | 'offline' | 'error';
  detail?: string;
  since?: number;
  /** The wechaty login QR code payload while a scan is awaited. */
  qrcode?: string;
  tokens?: TokenHealth[];
}

/** Jobs of one BullMQ queue. */
export interface QueueRow {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/** The 渠道 page's data: channels, queue counts (null when Redis could not count), whether Bull Board may open. */
export interface ChannelsView {
  channels: ChannelRow[];
  queues: QueueRow[] | null;
  queuesError?: string;
  board: boolean;
}

/** Channels and queues, for the 渠道 page (operator, admin). */
export async function fetchChannels(): Promise<ChannelsView> {
  return call<ChannelsView>('GET', 'channels');
}
