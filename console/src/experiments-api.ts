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

/** A proactive trigger or prediction rule with a control group (`holdout:`, docs/outreach.md). */
export interface HoldoutRow {
  id: string;
  source: 'trigger' | 'predict';
  title?: string;
  flowId: string;
  flowTitle: string;
  holdout: number;
  kind: 'marketing' | 'service';
}

/** A holdout as a two-arm experiment: control (held out) vs treated (sent), and everyone on the sending side. */
export interface HoldoutResults {
  experiment: HoldoutRow;
  share: number;
  control: RateFigure;
  treated: RateFigure;
  assigned: RateFigure;
  srm?: { chiSquare: number; df: number; p: number; mismatch: boolean };
  windowHours: number;
  at: number;
}

/** Every trigger and prediction rule of the served flows with a holdout. */
export async function fetchHoldouts(): Promise<HoldoutRow[]> {
  return (await call<{ holdouts: HoldoutRow[] }>('GET', 'holdouts')).holdouts;
}

/** One holdout's control vs treated figures (95 % intervals, difference, sample-ratio check). */
export function fetchHoldoutResults(id: string): Promise<HoldoutResults> {
  return call<HoldoutResults>('GET', `holdouts/${encodeURIComponent(id)}`);
}
