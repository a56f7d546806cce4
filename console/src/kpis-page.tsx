import { Alert, Card, Col, Empty, Row, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fetchServiceKpis, type ServiceKpiReport } from './kpis-api';
import { KpiCards } from './kpis-cards';
import { KpiChart } from './kpis-chart';
import { channelOption, dailyOption, responseOption } from './kpis-chart-options';
import { KpiFilters, periodOf, type PeriodChoice } from './kpis-filters';
import { useKpiMessages, type KpiMessages } from './kpis-messages';
import { OutreachSection } from './kpis-outreach';
import { QualitySection } from './quality-section';

/** The period's charts; a friendly empty state when nobody chatted (no axes without data). */
function SessionCharts({ report, t }: { report: ServiceKpiReport; t: KpiMessages }) {
  const daily = useMemo(() => dailyOption(report, t), [report, t]);
  const response = useMemo(() => responseOption(report, t), [report, t]);
  const channels = useMemo(() => channelOption(report, t), [report, t]);
  if (report.totals.sessions === 0)
    return (
      <Card id="kpi-empty">
        <Empty description={t.noSessions}>
          <Typography.Text type="secondary">{t.noSessionsHint}</Typography.Text>
        </Empty>
      </Card>
    );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t.dailyTitle}>
          <KpiChart id="kpi-chart-daily" option={daily} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t.responseTitle}>
          <KpiChart id="kpi-chart-response" option={response} />
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t.channelTitle}>
          <KpiChart id="kpi-chart-channels" option={channels} height={280} />
        </Card>
      </Col>
    </Row>
  );
}

/**
 * 数据: the service KPIs (docs/kpis.md) of a period and channel, as cards, charts, conversation quality and the
 * outreach funnel. `canSeeSessions`: operators and admins also get the labelled sessions (会话质量 明细).
 */
export function KpisPage({ canSeeSessions = false }: { canSeeSessions?: boolean }) {
  const t = useKpiMessages();
  const [choice, setChoice] = useState<PeriodChoice>('last7');
  const [range, setRange] = useState<[string, string] | undefined>();
  const [channel, setChannel] = useState('');
  const [seen, setSeen] = useState<string[]>([]);
  const [report, setReport] = useState<ServiceKpiReport | undefined>();
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const period = periodOf(choice, range);

  useEffect(() => {
    const wanted = periodOf(choice, range);
    if (!wanted) return;
    const call = ++latest.current; // answers to older requests are dropped
    setLoading(true);
    fetchServiceKpis(wanted, channel || undefined)
      .then((next) => {
        if (call !== latest.current) return;
        setReport(next);
        setFailed(false);
        if (!channel) setSeen(Object.keys(next.byChannel));
      })
      .catch(() => call === latest.current && setFailed(true))
      .finally(() => call === latest.current && setLoading(false));
  }, [choice, range, channel, tick]);

  const days = report?.daily ?? [];
  return (
    <Space id="kpi-page" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Typography.Text type="secondary">{t.hint}</Typography.Text>
      </div>
      <KpiFilters
        t={t}
        choice={choice}
        onChoice={setChoice}
        onRange={setRange}
        channel={channel}
        seenChannels={seen}
        onChannel={setChannel}
        onRefresh={() => setTick((n) => n + 1)}
        loading={loading && period !== undefined}
      />
      {failed && <Alert type="error" showIcon title={t.loadFailed} />}
      {report && days.length > 0 && (
        <Typography.Text id="kpi-period-text" type="secondary">
          {t.period(days[0]!.day, days[days.length - 1]!.day)}
        </Typography.Text>
      )}
      <Spin spinning={loading && period !== undefined}>
        {report && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <KpiCards totals={report.totals} t={t} />
            <SessionCharts report={report} t={t} />
            {period && <QualitySection report={report} t={t} period={period} channel={channel} showSessions={canSeeSessions} />}
            <Card size="small" title={t.outreachTitle}>
              <OutreachSection funnels={report.outreach} t={t} />
            </Card>
          </Space>
        )}
      </Spin>
    </Space>
  );
}
