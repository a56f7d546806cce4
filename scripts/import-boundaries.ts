/**
 * kefu's import rules, checked over a source tree (see {@link checkImportBoundaries}):
 * - src/core/** imports nothing else of src/: the core is the ground floor;
 * - adapters/<name>/** import only src/index.ts, the kits listed for them in {@link KIT_USERS}
 *   (src/kits/<kit>/index.ts), their own files and vendor SDKs; never another adapter;
 * - src/kits/<kit>/** import only src/index.ts and their own kit: a kit is a toolbox for some adapters, built on the core;
 * - the rest of src/ imports no kit, and no adapter except src/main.ts (the composition root);
 * - nothing imports flows/ or models/ as code;
 * - no import cycles among src/ and adapters/ (type-only imports excepted: they vanish at run time).
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Which adapters may use each kit under src/kits/ (kit name → adapter folder names). */
export const KIT_USERS: Readonly<Record<string, readonly string[]>> = {
  wechat: ['wechat-official', 'wecom-kf', 'wechaty'],
};

/** `import … from 'x'`, `export … from 'x'`, `require('x')`, `import('x')` and side-effect `import 'x'`. */
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'public' ? [] : listTs(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The result of {@link checkImportBoundaries}. */
export interface BoundaryReport {
  /** Files checked. */
  files: number;
  /** One line per violation: `file:line: what is wrong; how to fix it`. */
  problems: string[];
}

/**
 * Checks the import rules over `root`'s src/ and adapters/ folders.
 *
 * @example
 * const { problems } = checkImportBoundaries(process.cwd());
 */
export function checkImportBoundaries(root: string, kitUsers: Readonly<Record<string, readonly string[]>> = KIT_USERS): BoundaryReport {
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const files = [...listTs(join(root, 'src')), ...listTs(join(root, 'adapters'))];
  const graph = new Map<string, string[]>();
  const problems: string[] = [];

  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const edges: string[] = [];
    const fromRel = rel(file);
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
      if (!spec.startsWith('.')) continue;
      const line = source.slice(0, match.index).split('\n').length;
      const where = `${fromRel}:${line}`;
      const target = resolveLocal(file, spec);
      const targetRel = target ? rel(target) : rel(resolve(dirname(file), spec));
      problems.push(...ruleProblems(where, fromRel, targetRel, kitUsers));
      // Type-only imports vanish at run time, so they cannot form a runtime cycle.
      const typeOnly = /^(import|export)\s+type\s/.test(match[0]);
      if (target && !typeOnly) edges.push(target);
    }
    graph.set(file, edges);
  }
  problems.push(...findCycles(files, graph, rel));
  return { files: files.length, problems };
}

function ruleProblems(where: string, fromRel: string, targetRel: string, kitUsers: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  const kitOf = (p: string): string | undefined => /^src\/kits\/([^/]+)\//.exec(p)?.[1];
  const targetKit = kitOf(targetRel);
  if (/^(flows|models)\//.test(targetRel))
    problems.push(`${where}: imports data folder '${targetRel}' as code; load it by path from configuration.`);
  if (fromRel.startsWith('adapters/')) {
    const ownAdapter = fromRel.split('/')[1]!;
    if (targetRel.startsWith('adapters/') && targetRel.split('/')[1] !== ownAdapter) {
      problems.push(`${where}: adapter imports another adapter ('${targetRel}'); share code through src/index.ts or a kit in src/kits/.`);
    } else if (targetKit !== undefined) {
      if (!(kitUsers[targetKit] ?? []).includes(ownAdapter))
        problems.push(
          `${where}: adapter '${ownAdapter}' imports the ${targetKit} kit, which is for ${(kitUsers[targetKit] ?? []).join(', ') || 'no adapter'}; list it in KIT_USERS (scripts/import-boundaries.ts) if it belongs there.`,
        );
      else if (targetRel !== `src/kits/${targetKit}/index.ts`)
        problems.push(`${where}: adapter imports '${targetRel}'; import from src/kits/${targetKit}/index.ts (add an export there).`);
    } else if (targetRel.startsWith('src/') && targetRel !== 'src/index.ts') {
      problems.push(`${where}: adapter imports '${targetRel}'; import from src/index.ts (add an export there).`);
    }
  }
  const fromKit = kitOf(fromRel);
  if (fromKit !== undefined) {
    if (targetRel.startsWith('src/') && targetRel !== 'src/index.ts' && targetKit !== fromKit)
      problems.push(`${where}: the ${fromKit} kit imports '${targetRel}'; a kit builds on src/index.ts only (add an export there).`);
  } else if (fromRel.startsWith('src/') && targetKit !== undefined) {
    problems.push(
      `${where}: src imports the ${targetKit} kit ('${targetRel}'); kits are for adapters only: move what src needs into src/core.`,
    );
  }
  if (fromRel.startsWith('src/core/') && !targetRel.startsWith('src/core/')) {
    problems.push(
      `${where}: src/core imports '${targetRel}'; the core is the ground floor: move what it needs into src/core, or invert the dependency (a port in core, implemented outside).`,
    );
  }
  if (fromRel.startsWith('src/') && fromRel !== 'src/main.ts' && targetRel.startsWith('adapters/')) {
    problems.push(`${where}: src imports adapter '${targetRel}'; only src/main.ts (the composition root) may.`);
  }
  return problems;
}

/** Each import cycle once (iterative DFS with colours). */
function findCycles(files: string[], graph: Map<string, string[]>, rel: (p: string) => string): string[] {
  const problems: string[] = [];
  const colour = new Map<string, 0 | 1 | 2>();
  const reported = new Set<string>();
  const visit = (start: string): void => {
    const stack: { node: string; i: number }[] = [{ node: start, i: 0 }];
    const path: string[] = [start];
    colour.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.i >= edges.length) {
        colour.set(top.node, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const next = edges[top.i++]!;
      const c = colour.get(next) ?? 0;
      if (c === 1) {
        const cycle = path.slice(path.indexOf(next)).concat(next).map(rel);
        const key = [...cycle].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push(`${cycle[0]}:1: import cycle: ${cycle.join(' -> ')}; move the shared piece into its own file.`);
        }
      } else if (c === 0 && graph.has(next)) {
        colour.set(next, 1);
        stack.push({ node: next, i: 0 });
        path.push(next);
      }
    }
  };
  for (const file of files) if ((colour.get(file) ?? 0) === 0) visit(file);
  return problems;
}
