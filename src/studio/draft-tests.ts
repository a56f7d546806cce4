import path from 'node:path';
import { DemoCommerce } from '../commerce/demo-store';
import { recognitionFromScores } from '../core/recognizer';
import { createActionRegistry } from '../flows/actions';
import { FlowEngine } from '../flows/engine';
import { displayPath } from '../flows/load-bundle';
import { createEngineDriver, parseTranscript, runTranscript } from '../flows/transcript';
import type { FlowBundle } from '../flows/types';
import { extractEntities } from '../nlu/entities';
import { normalizerFor } from '../nlu/normalize';
import { readFlowFolder, testFilesOf, type FlowFiles } from './flow-set';
import { transcriptFailureZh } from './transcript-zh';

/** The outcome of a draft's transcript tests: how many ran, and each failure as a Chinese line. */
export interface DraftTestRun {
  ran: number;
  failures: string[];
}

/**
 * Plays every transcript test, those in `<dir>/tests` and those stored with the draft (a draft's file wins over the
 * folder's of the same name), against the draft's bundle: an engine of its own with the real actions, a demo shop and
 * in-memory state (as `test/flows/transcripts.test.ts` does for flows/), never the live one.
 *
 * @example
 * const { ran, failures } = await runDraftTests('flows', draft.files, bundle);
 */
export async function runDraftTests(
  dir: string,
  files: FlowFiles,
  bundle: FlowBundle,
  shop = { name: '小美优选', timezone: 'Asia/Shanghai' },
): Promise<DraftTestRun> {
  const folderTests = testFilesOf(await readFlowFolder(dir));
  const tests = new Map([...folderTests, ...testFilesOf(files)]);
  const failures: string[] = [];
  let ran = 0;
  const recognize = (text: string) => recognitionFromScores(text, {}, extractEntities(text, { timeZone: shop.timezone }));
  const normalize = normalizerFor(bundle);
  for (const [name, text] of [...tests].sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parseTranscript(displayPath(path.resolve(dir, name)), text);
    failures.push(...parsed.errors.map((e) => e.message));
    if (!parsed.test) continue;
    ran += 1;
    const engine = new FlowEngine({
      bundle: () => bundle,
      actions: createActionRegistry(),
      commerce: new DemoCommerce(),
      shop,
      extractEntities: (t) => extractEntities(t, { timeZone: shop.timezone }),
    });
    const result = await runTranscript(parsed.test, createEngineDriver(engine, { recognize, normalize }));
    failures.push(...result.failures.map((f) => `「${parsed.test!.name}」${transcriptFailureZh(f)}`));
  }
  return { ran, failures };
}
