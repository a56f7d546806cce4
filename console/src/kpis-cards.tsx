import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ServiceFigures } from './kpis-api';
import { duration, npsText, percent } from './kpis-format';
import type { KpiMessages } from './kpis-messages';

interface CardSpec {
  key: string;
  title: string;
  value: string;
  note: string;
}

function cardsOf(f: ServiceFigures, t: KpiMessages): CardSpec[] {
  const of = (n: number) => t.ofSessions(n, f.sessions);
  return [
    { key: 'sessions', title: t.sessions, value: String(f.sessions), note: t.answered(f.answered) },
    {
      key: 'first-response',
      title: t.firstResponse,
      value: `${duration(f.firstResponseMs.p50, t)} / ${duration(f.firstResponseMs.p95, t)}`,
      note: t.answered(f.answered),
    },
    { key: 'bot-resolution', title: t.botResolution, value: percent(f.rates.botResolution), note: of(f.botResolved) },
    {
      key: 'first-contact-resolution',
      title: t.firstContactResolution,
      value: percent(f.rates.firstContactResolution),
      note: of(f.firstContactResolved),
    },
    { key: 'escalation', title: t.escalation, value: percent(f.rates.escalation), note: of(f.escalated) },
    {
      key: 'csat',
      title: t.csat,
      value: percent(f.csat.score),
      note: f.csat.responses ? t.answers(f.csat.responses) : t.noAnswers,
    },
    { key: 'nps', title: t.nps, value: npsText(f.nps.score), note: f.nps.responses ? t.answers(f.nps.responses) : t.noAnswers },
    { key: 'conversion', title: t.conversion, value: percent(f.rates.conversion), note: of(f.converted) },
  ];
}

/** The period's headline KPIs as cards (each `#kpi-card-<key>`, value in `.ant-statistic-content-value`). */
export function KpiCards({ totals, t }: { totals: ServiceFigures; t: KpiMessages }) {
  return (
    <Row gutter={[16, 16]}>
      {cardsOf(totals, t).map((c) => (
        <Col key={c.key} xs={12} md={8} xl={6}>
          <Card id={`kpi-card-${c.key}`} size="small">
            <Statistic title={c.title} value={c.value} />
            <Typography.Text type="secondary" className="kpi-card-note">
              {c.note}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
