import type { ChartOption } from './kpis-echarts';
import type { ServiceKpiReport } from './kpis-api';
import { channelLabel, percentValue, shortDay } from './kpis-format';
import type { KpiMessages } from './kpis-messages';
import { OUTCOMES, type Outcome, type QualityFigures } from './quality-api';
import type { QualityMessages } from './quality-messages';

/** One colour per outcome, the same in both charts and the table's tags. */
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  resolved: '#52c41a',
  escalated: '#1677ff',
  abandoned: '#faad14',
  unresolved: '#ff4d4f',
};

const percentTip = (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`);

/** The four outcomes as stacked bars (each a share in %) over `slices` named by `names`. */
function stacked(slices: QualityFigures[], m: QualityMessages) {
  return OUTCOMES.map((o) => ({
    name: m.outcomes[o],
    type: 'bar' as const,
    stack: 'outcome',
    barMaxWidth: 48,
    itemStyle: { color: OUTCOME_COLOURS[o] },
    emphasis: { focus: 'series' as const },
    data: slices.map((q) => percentValue(q.shares[o])),
  }));
}

/** 每日结果占比: per shop-local day, the share of each outcome of the labelled sessions (no bar on days without). */
export function outcomeDailyOption(report: ServiceKpiReport, m: QualityMessages, t: KpiMessages): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percentTip },
    legend: { top: 0, type: 'plain' },
    grid: { left: 48, right: 24, top: 48, bottom: 32 },
    xAxis: { type: 'category', data: report.daily.map((d) => shortDay(d.day)) },
    yAxis: { type: 'value', name: t.rate, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: stacked(
      report.daily.map((d) => d.quality),
      m,
    ),
  };
}

/** 各渠道结果占比: per door with labelled sessions, the share of each outcome (horizontal bars to 100 %). */
export function outcomeDoorOption(report: ServiceKpiReport, m: QualityMessages, t: KpiMessages): ChartOption {
  const doors = Object.entries(report.byChannel)
    .filter(([, f]) => f.quality.labelled > 0)
    .sort(([, a], [, b]) => b.quality.labelled - a.quality.labelled);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percentTip },
    legend: { top: 0, type: 'plain' },
    grid: { left: 16, right: 24, top: 48, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: doors.map(([c, f]) => `${channelLabel(c, t)} (${f.quality.labelled})`) },
    series: stacked(
      doors.map(([, f]) => f.quality),
      m,
    ),
  };
}
