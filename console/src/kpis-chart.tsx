import type { EChartsType } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { createChart, type ChartOption } from './kpis-echarts';

/** One ECharts chart that follows its option and its container's size; disposed when the component goes. */
export function KpiChart({ id, option, height = 300 }: { id: string; option: ChartOption; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = createChart(el);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div id={id} className="kpi-chart" ref={element} style={{ width: '100%', height }} />;
}
