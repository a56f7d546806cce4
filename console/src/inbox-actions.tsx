import { Badge, Button, Checkbox, Dropdown, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from './api';
import { closeHandoff, fetchOperators, takeHandoff, transferHandoff, type InboxItem, type OperatorRow } from './inbox-api';
import type { InboxMessages } from './inbox-messages';
import { useInboxNotify } from './inbox-notify';

interface ActionProps {
  m: InboxMessages;
  me: Me;
  handoff: InboxItem;
  /** Something changed: refetch. */
  onChanged(): void;
}

/** 接入 (take), 转接 (transfer, colleagues listed with 在线/离开) and 结束会话 (close, 邀请评价 on by default). */
export function InboxActions({ m, me, handoff, onChanged }: ActionProps) {
  const notify = useInboxNotify();
  const [busy, setBusy] = useState(false);
  const [rate, setRate] = useState(true);
  const [colleagues, setColleagues] = useState<OperatorRow[]>();
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      notify(err);
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const mine = handoff.status === 'taken' && (handoff.operator === me.name || me.role === 'admin');
  const others = (colleagues ?? []).filter((o) => o.name !== handoff.operator);
  if (handoff.status === 'closed') return <Typography.Text type="secondary">{m.closed}</Typography.Text>;
  return (
    <Space>
      {handoff.status === 'waiting' && (
        <Button id="inbox-take" type="primary" loading={busy} onClick={() => void run(() => takeHandoff(handoff.id))}>
          {m.take}
        </Button>
      )}
      {mine && (
        <Dropdown
          trigger={['click']}
          onOpenChange={(open) => open && void fetchOperators().then(setColleagues, notify)}
          menu={{
            id: 'inbox-transfer-menu',
            items: others.length
              ? others.map((o) => ({
                  key: o.name,
                  label: (
                    <span className="inbox-transfer-to" data-name={o.name}>
                      <Badge status={o.online ? 'success' : 'default'} /> {o.name}（{o.online ? m.online : m.away}）
                    </span>
                  ),
                }))
              : [{ key: '', label: colleagues ? m.noColleague : '…', disabled: true }],
            onClick: ({ key }) => void run(() => transferHandoff(handoff.id, key)),
          }}
        >
          <Button id="inbox-transfer" disabled={busy}>
            {m.transfer}
          </Button>
        </Dropdown>
      )}
      {(mine || handoff.status === 'waiting') && (
        <Popconfirm
          title={m.closeTitle}
          description={
            <div>
              <div>{m.closeHint}</div>
              <Checkbox id="inbox-close-rate" checked={rate} onChange={(e) => setRate(e.target.checked)}>
                {m.askRating}
              </Checkbox>
            </div>
          }
          okText={m.confirm}
          cancelText={m.cancel}
          okButtonProps={{ id: 'inbox-close-confirm' }}
          onConfirm={() => run(() => closeHandoff(handoff.id, rate))}
        >
          <Button id="inbox-close" danger disabled={busy}>
            {m.close}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
