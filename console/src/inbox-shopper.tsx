import { Card, Descriptions, Empty, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { fetchProfileTags, type InboxDetail, type ProfileTagGroup } from './inbox-api';
import type { InboxMessages } from './inbox-messages';

/** The right pane: who the shopper is (ids masked), new or returning, orders, tags, profile tags, channels, recent orders. */
export function InboxShopper({ detail, m }: { detail: InboxDetail; m: InboxMessages }) {
  const s = detail.shopper;
  const handoffId = detail.handoff.id;
  const [groups, setGroups] = useState<ProfileTagGroup[] | undefined>();
  useEffect(() => {
    let current = true;
    setGroups(undefined);
    fetchProfileTags(handoffId).then(
      (g) => current && setGroups(g),
      () => current && setGroups([]),
    );
    return () => {
      current = false;
    };
  }, [handoffId]);
  return (
    <div id="inbox-shopper">
      <Card size="small" title={m.profile}>
        {s ? (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={m.shopperId}>
              <span id="inbox-shopper-id">{s.id}</span>
            </Descriptions.Item>
            {s.displayName && <Descriptions.Item label={m.name}>{s.displayName}</Descriptions.Item>}
            {s.customerId && <Descriptions.Item label={m.customerId}>{s.customerId}</Descriptions.Item>}
            <Descriptions.Item label={m.kind}>
              <Tag id="inbox-shopper-kind" color={s.isNew ? 'gold' : 'blue'}>
                {s.isNew ? m.isNew : m.returning}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={m.orderCount}>
              <span id="inbox-shopper-orders">{s.orderCount}</span>
            </Descriptions.Item>
            <Descriptions.Item label={m.tags}>{s.tags.length ? s.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}</Descriptions.Item>
            <Descriptions.Item label={m.channels}>
              <span id="inbox-shopper-channels">{s.channels.map((c) => m.channelNames[c] ?? c).join('、') || '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={m.firstSeen}>{new Date(s.firstSeenAt).toLocaleDateString('zh-CN')}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{detail.handoff.shopper}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={m.profileTags} style={{ marginTop: 12 }} id="inbox-profile-tags">
        {groups === undefined ? null : groups.length === 0 ? (
          <Typography.Text type="secondary">{m.noProfileTags}</Typography.Text>
        ) : (
          groups.map((g) => (
            <div key={g.group} style={{ marginBottom: 6 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 6 }}>
                {g.group}
              </Typography.Text>
              {g.tags.map((t) => (
                <Tooltip key={t.name} title={t.description}>
                  <Tag className="inbox-profile-tag">{t.name}</Tag>
                </Tooltip>
              ))}
            </div>
          ))
        )}
      </Card>
      <Card size="small" title={m.orders} style={{ marginTop: 12 }}>
        {detail.orders.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.noOrders} />
        ) : (
          detail.orders.map((o) => (
            <div key={o.id} className="inbox-order" style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
              <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                <Typography.Text strong>{o.id}</Typography.Text>
                <Tag>{m.orderStatus[o.status] ?? o.status}</Tag>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.items.map((i) => `${i.title}×${i.quantity}`).join('，')}
              </Typography.Text>
              <div style={{ fontSize: 12 }}>
                {m.total} ¥{o.total}
                {o.createdAt ? ` · ${new Date(o.createdAt).toLocaleDateString('zh-CN')}` : ''}
              </div>
            </div>
          ))
        )}
      </Card>
    </div>
  );
}
