import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { KpiPeriod, ServiceKpiReport } from './kpis-api';
import { KpiChart } from './kpis-chart';
import { percent } from './kpis-format';
import type { KpiMessages } from './kpis-messages';
import { OUTCOMES } from './quality-api';
import { OUTCOME_COLOURS, outcomeDailyOption, outcomeDoorOption } from './quality-chart-options';
import { useQualityMessages } from './quality-messages';
import { QualitySessions } from './quality-sessions';

interface QualitySectionProps {
  report: ServiceKpiReport;
  t: KpiMessages;
  period: KpiPeriod;
  channel: string;
  /** Operators and admins also see the sessions with their signals (the API refuses marketing). */
  showSessions: boolean;
}

/**
 * 会话质量: the share of each outcome (已解决 / 已转人工 / 中途离开 / 未解决) per day and per door for the page's period
 * and channel, and for operators the labelled sessions with the signals that decided them (docs/kpis.md).
 */
export function QualitySection({ report, t, period, channel, showSessions }: QualitySectionProps) {
  const m = useQualityMessages();
  const daily = useMemo(() => outcomeDailyOption(report, m, t), [report, m, t]);
  const doors = useMemo(() => outcomeDoorOption(report, m, t), [report, m, t]);
  const q = report.totals.quality;
  return (
    <Card
      id="quality-section"
      size="small"
      title={m.title}
      extra={<Typography.Text type="secondary">{m.labelled(q.labelled)}</Typography.Text>}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{m.hint}</Typography.Text>
        <Space id="quality-shares" wrap>
          {OUTCOMES.map((o) => (
            <Tag key={o} id={`quality-share-${o}`} color={OUTCOME_COLOURS[o]}>
              {m.outcomes[o]} {percent(q.shares[o])}（{q[o]}）
            </Tag>
          ))}
        </Space>
        {q.labelled === 0 ? (
          <div id="quality-empty">
            <Empty description={m.noLabelled}>
              <Typography.Text type="secondary">{m.noLabelledHint}</Typography.Text>
            </Empty>
          </div>
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Typography.Text strong>{m.byDay}</Typography.Text>
              <KpiChart id="kpi-chart-quality-daily" option={daily} />
            </Col>
            <Col xs={24} xl={10}>
              <Typography.Text strong>{m.byDoor}</Typography.Text>
              <KpiChart id="kpi-chart-quality-doors" option={doors} />
            </Col>
          </Row>
        )}
        {showSessions && <QualitySessions period={period} channel={channel} t={t} m={m} />}
      </Space>
    </Card>
  );
}
