/**
 * Human-readable text of an evaluation report (Markdown tables).
 */
import type { EvalReport } from './evaluate';

const f = (n: number, digits = 3): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The per-intent table. */
function perIntentTable(report: EvalReport): string[] {
  const lines = ['| intent | precision | recall | F1 | support |', '|---|---:|---:|---:|---:|'];
  for (const [name, m] of Object.entries(report.perIntent)) {
    lines.push(`| ${name} | ${f(m.precision)} | ${f(m.recall)} | ${f(m.f1)} | ${m.support} |`);
  }
  return lines;
}

/** The confusion matrix (rows gold, columns predicted), labels abbreviated to column numbers. */
function confusionTable(report: EvalReport): string[] {
  const { labels, matrix } = report.confusion;
  const head = `| gold \\ predicted | ${labels.map((_, i) => i + 1).join(' | ')} |`;
  const sep = `|---|${labels.map(() => '---:').join('|')}|`;
  const rows = labels.map((l, i) => `| ${i + 1} ${l} | ${matrix[i].map((v) => (v === 0 ? '.' : String(v))).join(' | ')} |`);
  return [head, sep, ...rows];
}

/**
 * Format a report.
 *
 * @example
 * process.stdout.write(formatReport(report));
 */
export function formatReport(report: EvalReport): string {
  const lines = [
    `examples: ${report.examples}`,
    `accuracy: ${f(report.accuracy, 4)}`,
    `macro-F1: ${f(report.macroF1, 4)}`,
    `latency ms (one message at a time): p50 ${f(report.latencyMs.p50, 2)}, p99 ${f(report.latencyMs.p99, 2)}`,
  ];
  const unknown = Object.entries(report.unknownLabels);
  if (unknown.length > 0) {
    lines.push(`labels the model does not know (counted as errors): ${unknown.map(([l, n]) => `${l} (${n})`).join(', ')}`);
  }
  lines.push('', ...perIntentTable(report), '', 'confusion matrix:', ...confusionTable(report));
  return lines.join('\n') + '\n';
}
