import { call } from './api';

/** An estimate with its 95 % interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** An experiment as the list shows it. */
export interface ExperimentRow {
  id: string;
  title: string;
  status: 'running' | 'stopped';
  metric: 'conversion' | 'csat' | 'resolution';
  start: string;
  windowDays: number;
  winner?: string;
  flowId: string;
  flowTitle: string;
  variants: { id: string; weight: number }[];
  exposures: Record<string, number>;
}

/** A proportion figure (conversion, resolution). */
export interface RateFigure {
  n: number;
  count: number;
  rate?: Interval;
  vsControl?: Interval;
}

/** One variant's results. */
export interface VariantFigures {
  id: string;
  share: number;
  exposures: number;
  conversion: RateFigure;
  csat: { n: number; mean?: Interval; vsControl?: Interval };
  resolution: RateFigure;
}

/** An experiment's results (the first variant is the control). */
export interface ExperimentResults {
  experiment: ExperimentRow;
  variants: VariantFigures[];
  srm?: { chiSquare: number; df: number; p: number; mismatch: boolean };
  at: number;
}

/** How a stop or promotion went live. */
export interface ChangeReceipt {
  via: 'studio' | 'file';
  file: string;
  version?: number;
}

/** Every experiment of the served flows with exposures per variant. */
export async function fetchExperiments(): Promise<ExperimentRow[]> {
  return (await call<{ experiments: ExperimentRow[] }>('GET', 'experiments')).experiments;
}

/** One experiment's results per variant (95 % intervals, difference to the control, sample-ratio check). */
export function fetchResults(id: string): Promise<ExperimentResults> {
  return call<ExperimentResults>('GET', `experiments/${encodeURIComponent(id)}`);
}

/** Stop: everyone sees the control (a new published version). */
export function stopExperiment(id: string): Promise<ChangeReceipt> {
  return call<ChangeReceipt>('POST', `experiments/${encodeURIComponent(id)}/stop`, {});
}

/** Promote `variant`: the flow rewritten to it, published as a new version. */
export function promoteVariant(id: string, variant: string): Promise<ChangeReceipt> {
  return call<ChangeReceipt>('POST', `experiments/${encodeURIComponent(id)}/promote`, { variant });
}
