import { Badge, Empty, Tabs, Tag, Typography } from 'antd';
import type { InboxItem, InboxTab } from './inbox-api';
import type { InboxMessages } from './inbox-messages';

/** Seconds an item has waited now: counted up live while waiting (from when the list was fetched). */
export function waitedNow(item: InboxItem, fetchedAt: number, now: number): number {
  return item.status === 'waiting' ? item.waitSeconds + Math.max(0, Math.floor((now - fetchedAt) / 1000)) : item.waitSeconds;
}

interface QueueProps {
  m: InboxMessages;
  tab: InboxTab;
  onTab(tab: InboxTab): void;
  counts: Record<InboxTab, number | undefined>;
  items: InboxItem[];
  fetchedAt: number;
  now: number;
  selected?: number;
  onSelect(id: number): void;
}

function QueueItem({
  item,
  m,
  waited,
  active,
  onSelect,
}: {
  item: InboxItem;
  m: InboxMessages;
  waited: number;
  active: boolean;
  onSelect(): void;
}) {
  return (
    <div
      className="inbox-item"
      data-id={item.id}
      data-status={item.status}
      role="button"
      tabIndex={0}
      onClick={onSelect}
      onKeyDown={(e) => e.key === 'Enter' && onSelect()}
      style={{
        padding: '10px 12px',
        borderBottom: '1px solid #f0f0f0',
        cursor: 'pointer',
        background: active ? '#e6f4ff' : undefined,
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <span>
          <Tag className="inbox-item-channel" color={item.channel === 'web' ? 'blue' : 'green'}>
            {m.channelNames[item.channel] ?? item.channel}
          </Tag>
          <Typography.Text className="inbox-item-shopper">{item.shopper}</Typography.Text>
        </span>
        <Typography.Text
          className="inbox-item-wait"
          type={item.status === 'waiting' ? 'danger' : 'secondary'}
          style={{ whiteSpace: 'nowrap' }}
        >
          {item.status === 'closed'
            ? (m.closedBy[item.closedBy ?? 'operator'] ?? '')
            : `${item.status === 'waiting' ? m.waited : m.waitedFor} ${m.seconds(waited)}`}
        </Typography.Text>
      </div>
      <Typography.Text className="inbox-item-reason" type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
        {m.reason}
        {item.reason}
        {item.operator && item.status === 'taken' ? ` · ${m.takenBy(item.operator)}` : ''}
      </Typography.Text>
      <Typography.Text className="inbox-item-last" ellipsis style={{ display: 'block' }}>
        {item.lastText ?? m.noText}
      </Typography.Text>
    </div>
  );
}

/** The left pane: tabs 待接入 / 我的 / 全部进行中 / 已结束 with counts, and the conversations of the chosen tab. */
export function InboxQueue({ m, tab, onTab, counts, items, fetchedAt, now, selected, onSelect }: QueueProps) {
  const tabs: InboxTab[] = ['waiting', 'mine', 'open', 'closed'];
  return (
    <div id="inbox-queue">
      <Tabs
        size="small"
        tabBarGutter={14}
        activeKey={tab}
        onChange={(key) => onTab(key as InboxTab)}
        items={tabs.map((key) => ({
          key,
          label: (
            <span className={`inbox-tab-${key}`}>
              {m.tabs[key]}{' '}
              {counts[key] !== undefined && (
                <Badge
                  className="inbox-tab-count"
                  count={counts[key]}
                  showZero={false}
                  size="small"
                  color={key === 'waiting' ? 'red' : 'blue'}
                />
              )}
            </span>
          ),
        }))}
      />
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.empty} />
      ) : (
        items.map((item) => (
          <QueueItem
            key={item.id}
            item={item}
            m={m}
            waited={waitedNow(item, fetchedAt, now)}
            active={item.id === selected}
            onSelect={() => onSelect(item.id)}
          />
        ))
      )}
    </div>
  );
}
