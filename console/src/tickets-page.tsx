import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { fetchTickets, type TicketRow } from './api';
import { useI18n, type Lang, type Messages } from './i18n';

function when(iso: string | null, lang: Lang): string {
  return iso
    ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      })
    : '—';
}

function channelName(channel: string, t: Messages): string {
  return channel === 'web' ? t.channelWeb : channel === 'terminal' ? t.channelTerminal : channel;
}

/** 留言工单: what shoppers left for staff when nobody could answer, newest first. */
export function TicketsPage() {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<TicketRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows(await fetchTickets());
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t.ticketsTitle}
          </Typography.Title>
          <Typography.Text type="secondary">{t.ticketsHint}</Typography.Text>
        </div>
        <Button onClick={() => void load()}>{t.refresh}</Button>
      </Space>
      {failed && <Alert type="error" showIcon title={t.loadFailed} />}
      <Table<TicketRow>
        rowKey="ref"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: t.noTickets }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: t.colRef, dataIndex: 'ref', width: 160 },
          { title: t.colTime, dataIndex: 'createdAt', width: 120, render: (v: string) => when(v, lang) },
          { title: t.colChannel, dataIndex: 'channel', width: 100, render: (v: string) => channelName(v, t) },
          { title: t.colShopper, dataIndex: 'shopper', width: 130 },
          { title: t.colText, dataIndex: 'text' },
          { title: t.colDue, dataIndex: 'dueBy', width: 120, render: (v: string | null) => when(v, lang) },
          {
            title: t.colStatus,
            dataIndex: 'status',
            width: 90,
            render: (v: TicketRow['status']) =>
              v === 'open' ? <Tag color="orange">{t.statusOpen}</Tag> : <Tag color="green">{t.statusDone}</Tag>,
          },
        ]}
      />
    </Space>
  );
}
