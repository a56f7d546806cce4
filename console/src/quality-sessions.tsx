import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { inboxLink } from './inbox-link';
import type { KpiPeriod } from './kpis-api';
import { channelLabel } from './kpis-format';
import type { KpiMessages } from './kpis-messages';
import { fetchQualitySessions, OUTCOMES, type Outcome, type QualitySessionPage, type QualitySessionRow } from './quality-api';
import { OUTCOME_COLOURS } from './quality-chart-options';
import type { QualityMessages } from './quality-messages';
import { signalText } from './quality-signals';

const PAGE_SIZE = 10;

interface QualitySessionsProps {
  period: KpiPeriod;
  /** The page's door filter ('' = all). */
  channel: string;
  t: KpiMessages;
  m: QualityMessages;
}

/** `2025-11-20T02:00:00Z` → `11-20 10:00` in the browser's time. */
function shortTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** 咨询明细: labelled sessions of the period, newest first, with their signals in words and a link into the inbox. */
export function QualitySessions({ period, channel, t, m }: QualitySessionsProps) {
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<QualitySessionPage>();
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const latest = useRef(0);
  const periodKey = JSON.stringify(period);

  useEffect(() => setPage(1), [periodKey, channel, outcome]);
  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    fetchQualitySessions({
      period: JSON.parse(periodKey) as KpiPeriod,
      ...(channel ? { door: channel } : {}),
      ...(outcome ? { outcome } : {}),
      page,
      pageSize: PAGE_SIZE,
    })
      .then((next) => {
        if (call !== latest.current) return;
        setData(next);
        setFailed(false);
      })
      .catch(() => call === latest.current && setFailed(true))
      .finally(() => call === latest.current && setLoading(false));
  }, [periodKey, channel, outcome, page]);

  const flows = data?.flows ?? {};
  return (
    <Space id="quality-sessions" orientation="vertical" size="small" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text strong>{m.sessionsTitle}</Typography.Text>
        <Select<Outcome | ''>
          id="quality-outcome"
          style={{ minWidth: 140 }}
          value={outcome}
          onChange={setOutcome}
          options={[{ value: '', label: m.allOutcomes }, ...OUTCOMES.map((o) => ({ value: o, label: m.outcomes[o] }))]}
        />
      </Space>
      {failed && <Alert type="error" showIcon title={m.sessionsFailed} />}
      <Table<QualitySessionRow>
        id="quality-sessions-table"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.sessions ?? []}
        locale={{ emptyText: m.noSessions }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: m.total,
          onChange: setPage,
        }}
        columns={[
          { key: 'id', title: m.colSession, render: (_, r) => `#${r.id}` },
          { key: 'started', title: m.colStarted, render: (_, r) => shortTime(r.startedAt) },
          { key: 'door', title: m.colDoor, render: (_, r) => channelLabel(r.door, t) },
          { key: 'shopper', title: m.colShopper, render: (_, r) => r.shopper ?? '—' },
          { key: 'messages', title: m.colMessages, dataIndex: 'messages' },
          {
            key: 'outcome',
            title: m.colOutcome,
            render: (_, r) => (
              <Tag className="quality-outcome" color={OUTCOME_COLOURS[r.outcome]}>
                {m.outcomes[r.outcome]}
              </Tag>
            ),
          },
          {
            key: 'signals',
            title: m.colSignals,
            render: (_, r) => (
              <Space size={[4, 4]} wrap>
                {r.signals.map((s) => (
                  <Tag key={s} className="quality-signal" title={s}>
                    {signalText(s, flows, m)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'conversation',
            title: m.colConversation,
            render: (_, r) =>
              r.handoffId === null ? (
                '—'
              ) : (
                <a className="quality-inbox-link" href={inboxLink(r.handoffId)} target="_blank" rel="noopener noreferrer">
                  {m.openInInbox}
                </a>
              ),
          },
        ]}
      />
    </Space>
  );
}
