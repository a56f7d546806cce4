import { Empty, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { OutreachFunnel } from './kpis-api';
import { KpiChart } from './kpis-chart';
import type { ChartOption } from './kpis-echarts';
import { percent, reasonLabel } from './kpis-format';
import type { KpiMessages } from './kpis-messages';

const REASON_COLOURS = ['#fa8c16', '#faad14', '#d48806', '#ffc53d', '#ad6800', '#ffd666'];

/**
 * The outreach funnel as stacked bars, one per trigger: everything scheduled, split into what was suppressed (by
 * reason), failed, is still pending, was sent without an order, and converted.
 */
export function outreachOption(funnels: OutreachFunnel[], t: KpiMessages): ChartOption {
  const reasons = [...new Set(funnels.flatMap((f) => Object.keys(f.suppressedBy)))].sort();
  const stage = (name: string, color: string, pick: (f: OutreachFunnel) => number) => ({
    name,
    type: 'bar' as const,
    stack: 'funnel',
    itemStyle: { color },
    emphasis: { focus: 'series' as const },
    data: funnels.map(pick),
  });
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'plain' },
    grid: { left: 16, right: 24, top: 56, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: funnels.map((f) => f.trigger) },
    series: [
      stage(t.converted, '#52c41a', (f) => f.converted),
      stage(t.sentOnly, '#1677ff', (f) => f.sent - f.converted),
      stage(t.pending, '#bfbfbf', (f) => f.pending),
      stage(t.failed, '#ff4d4f', (f) => f.failed),
      ...reasons.map((r, i) =>
        stage(`${t.suppressed} · ${reasonLabel(r, t)}`, REASON_COLOURS[i % REASON_COLOURS.length]!, (f) => f.suppressedBy[r] ?? 0),
      ),
    ],
  };
}

/** 主动触达漏斗: the stacked bars and the same figures as a table under them; an empty state without outreach. */
export function OutreachSection({ funnels, t }: { funnels: OutreachFunnel[]; t: KpiMessages }) {
  const option = useMemo(() => outreachOption(funnels, t), [funnels, t]);
  if (funnels.length === 0)
    return (
      <div id="kpi-outreach-empty">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noOutreach} />
      </div>
    );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <KpiChart id="kpi-chart-outreach" option={option} height={Math.max(200, 110 + funnels.length * 48)} />
      <Table<OutreachFunnel>
        id="kpi-outreach-table"
        rowKey="trigger"
        size="small"
        pagination={false}
        dataSource={funnels}
        scroll={{ x: 760 }}
        columns={[
          { title: t.trigger, dataIndex: 'trigger', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t.scheduled, dataIndex: 'scheduled', align: 'right' },
          { title: t.pending, dataIndex: 'pending', align: 'right' },
          { title: t.suppressed, dataIndex: 'suppressed', align: 'right' },
          {
            title: t.suppressedBy,
            dataIndex: 'suppressedBy',
            render: (v: Record<string, number>) =>
              Object.entries(v).map(([reason, n]) => (
                <Tag key={reason} color="orange">
                  {reasonLabel(reason, t)} {n}
                </Tag>
              )),
          },
          { title: t.failed, dataIndex: 'failed', align: 'right' },
          { title: t.sent, dataIndex: 'sent', align: 'right' },
          { title: t.converted, dataIndex: 'converted', align: 'right' },
          { title: t.conversionRate, dataIndex: 'conversionRate', align: 'right', render: (v: number | null) => percent(v) },
        ]}
      />
    </Space>
  );
}
