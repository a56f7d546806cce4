import type { ChartOption } from './kpis-echarts';
import type { ServiceKpiReport } from './kpis-api';
import { channelLabel, percentValue, secondsValue, shortDay } from './kpis-format';
import type { KpiMessages } from './kpis-messages';

const GRID = { left: 48, right: 56, top: 72, bottom: 32 }; // room for a legend on two lines and the axis names
const LEGEND = { top: 0, type: 'plain' as const };
const PERCENT_AXIS = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };

/** 每日趋势: sessions per day (left axis) and escalation, bot and first-contact resolution in % (right axis). */
export function dailyOption(report: ServiceKpiReport, t: KpiMessages): ChartOption {
  const days = report.daily;
  const rate = (name: string, pick: (d: (typeof days)[number]) => number | null) => ({
    name,
    type: 'line' as const,
    yAxisIndex: 1,
    data: days.map((d) => percentValue(pick(d))),
    tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: LEGEND,
    grid: GRID,
    xAxis: { type: 'category', data: days.map((d) => shortDay(d.day)) },
    yAxis: [
      { type: 'value', name: t.count, minInterval: 1 },
      { ...PERCENT_AXIS, name: t.rate },
    ],
    series: [
      { name: t.sessions, type: 'line', areaStyle: { opacity: 0.12 }, data: days.map((d) => d.sessions) },
      rate(t.escalation, (d) => d.rates.escalation),
      rate(t.botResolution, (d) => d.rates.botResolution),
      rate(t.firstContactResolution, (d) => d.rates.firstContactResolution),
    ],
  };
}

/** 首次响应时间: p50 and p95 per day in seconds (gaps on days without answered sessions). */
export function responseOption(report: ServiceKpiReport, t: KpiMessages): ChartOption {
  const days = report.daily;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)} ${t.seconds}`) },
    legend: LEGEND,
    grid: GRID,
    xAxis: { type: 'category', data: days.map((d) => shortDay(d.day)) },
    yAxis: { type: 'value', name: t.seconds },
    series: [
      { name: 'p50', type: 'line', data: days.map((d) => secondsValue(d.firstResponseMs.p50)) },
      { name: 'p95', type: 'line', data: days.map((d) => secondsValue(d.firstResponseMs.p95)) },
    ],
  };
}

/** 各渠道对比: sessions per channel (bars, left axis) with bot resolution and escalation in % (bars, right axis). */
export function channelOption(report: ServiceKpiReport, t: KpiMessages): ChartOption {
  const channels = Object.entries(report.byChannel)
    .filter(([, f]) => f.sessions > 0)
    .sort(([, a], [, b]) => b.sessions - a.sessions);
  const rate = (name: string, pick: (f: (typeof channels)[number][1]) => number | null) => ({
    name,
    type: 'bar' as const,
    yAxisIndex: 1,
    data: channels.map(([, f]) => percentValue(pick(f))),
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: LEGEND,
    grid: GRID,
    xAxis: { type: 'category', data: channels.map(([c]) => channelLabel(c, t)) },
    yAxis: [
      { type: 'value', name: t.count, minInterval: 1 },
      { ...PERCENT_AXIS, name: t.rate },
    ],
    series: [
      { name: t.sessions, type: 'bar', data: channels.map(([, f]) => f.sessions) },
      rate(t.botResolution, (f) => f.rates.botResolution),
      rate(t.escalation, (f) => f.rates.escalation),
      rate(t.conversion, (f) => f.rates.conversion),
    ],
  };
}
