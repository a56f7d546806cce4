/** A danmaku as the Bilibili protocol's JSON bodies carry it, reduced to what triage needs. */
export interface Danmu {
  uid: string;
  name: string;
  text: string;
  msgId?: string;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * Read one danmaku from a Bilibili message body: the web room's `DANMU_MSG` (`info[1]` text, `info[2]` = [uid,
 * name]; since 2023 uid 0 and a masked name without a login cookie) or the open platform's `LIVE_OPEN_PLATFORM_DM`
 * (`data.msg`, `data.open_id`, `data.uname`, `data.msg_id`). Anything else: undefined.
 *
 * @example
 * parseDanmu({ cmd: 'DANMU_MSG', info: [[], '包邮吗', [42, '小王']] }); // { uid: '42', name: '小王', text: '包邮吗' }
 */
export function parseDanmu(body: unknown): Danmu | undefined {
  const msg = record(body);
  const cmd = typeof msg?.cmd === 'string' ? msg.cmd : '';
  if (cmd.startsWith('DANMU_MSG') && Array.isArray(msg?.info)) {
    const info = msg.info as unknown[];
    const user = Array.isArray(info[2]) ? (info[2] as unknown[]) : [];
    if (typeof info[1] !== 'string') return undefined;
    const uid = typeof user[0] === 'number' || typeof user[0] === 'string' ? String(user[0]) : '';
    return { uid: uid === '0' ? '' : uid, name: typeof user[1] === 'string' ? user[1] : '', text: info[1] };
  }
  if (cmd === 'LIVE_OPEN_PLATFORM_DM') {
    const d = record(msg?.data);
    if (!d || typeof d.msg !== 'string') return undefined;
    const uid = typeof d.open_id === 'string' && d.open_id ? d.open_id : d.uid !== undefined && d.uid !== 0 ? String(d.uid) : '';
    return {
      uid,
      name: typeof d.uname === 'string' ? d.uname : '',
      text: d.msg,
      msgId: typeof d.msg_id === 'string' ? d.msg_id : undefined,
    };
  }
  return undefined;
}
