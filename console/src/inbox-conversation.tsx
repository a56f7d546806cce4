import { Tag, Typography } from 'antd';
import type { Me } from './api';
import type { InboxDetail } from './inbox-api';
import { InboxActions } from './inbox-actions';
import { InboxComposer } from './inbox-composer';
import type { InboxMessages } from './inbox-messages';
import { InboxTranscript } from './inbox-transcript';

/** Why the operator may not reply here now, or undefined when they may. */
function blockedWhy(detail: InboxDetail, me: Me, m: InboxMessages): string | undefined {
  const h = detail.handoff;
  if (h.status === 'closed') return m.closed;
  if (h.status === 'taken' && h.operator !== me.name && me.role !== 'admin') return m.takenBy(h.operator ?? '');
  if (!detail.canReply.ok) return detail.canReply.note ?? m.loadFailed;
  return undefined;
}

/** The middle pane: who and where, the actions, the transcript and the reply box. */
export function InboxConversation({ detail, me, m, onChanged }: { detail: InboxDetail; me: Me; m: InboxMessages; onChanged(): void }) {
  const h = detail.handoff;
  return (
    <div id="inbox-conversation" data-id={h.id} data-status={h.status} style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          borderBottom: '1px solid #f0f0f0',
          paddingBottom: 8,
        }}
      >
        <div style={{ flex: 1, minWidth: 0 }}>
          <div>
            <Tag color={h.channel === 'web' ? 'blue' : 'green'}>{m.channelNames[h.channel] ?? h.channel}</Tag>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {h.shopper}
            </Typography.Text>{' '}
            {h.status === 'taken' && h.operator && <Tag id="inbox-owner">{m.takenBy(h.operator)}</Tag>}
          </div>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
            {m.reason}
            {h.reason}
          </Typography.Text>
        </div>
        <InboxActions m={m} me={me} handoff={h} onChanged={onChanged} />
      </div>
      <InboxTranscript lines={detail.transcript} m={m} />
      <InboxComposer
        key={h.id}
        m={m}
        handoffId={h.id}
        blocked={blockedWhy(detail, me, m)}
        warning={detail.canReply.ok ? detail.canReply.note : undefined}
        onSent={onChanged}
      />
    </div>
  );
}
