import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkImportBoundaries } from '../../scripts/import-boundaries';

/** A throw-away source tree: path → file text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kefu-boundaries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const KITS = { wechat: ['wechat-official'] };

describe('import boundaries', () => {
  const roots: string[] = [];
  const check = (files: Record<string, string>): string[] => {
    const root = tree(files);
    roots.push(root);
    return checkImportBoundaries(root, KITS).problems;
  };
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  const ground = {
    'src/core/message.ts': 'export interface M { a: string }\n',
    'src/index.ts': "export * from './core/message';\n",
    'src/kits/wechat/index.ts': "export * from './sign';\n",
    'src/kits/wechat/sign.ts': "import type { M } from '../../index';\nexport const sign = (m: M) => m.a;\n",
    'src/flows/types.ts': 'export interface F { id: string }\n',
  };

  it('accepts a tree that keeps the rules', () => {
    expect(
      check({
        ...ground,
        'adapters/wechat-official/a.ts': "import { sign } from '../../src/kits/wechat';\nimport type { M } from '../../src/index';\n",
        'adapters/web/w.ts': "import type { M } from '../../src/index';\n",
        'src/main.ts': "import '../adapters/web/w';\n",
      }),
    ).toEqual([]);
  });

  it('refuses src/core importing the rest of src, even for types', () => {
    const problems = check({ ...ground, 'src/core/state.ts': "import type { F } from '../flows/types';\n" });
    expect(problems).toEqual([
      expect.stringMatching(/^src\/core\/state\.ts:1: src\/core imports 'src\/flows\/types\.ts'; the core is the ground floor/),
    ]);
  });

  it('refuses a kit used by an adapter it is not for, or reached past its index', () => {
    const problems = check({
      ...ground,
      'adapters/web/w.ts': "import { sign } from '../../src/kits/wechat';\n",
      'adapters/wechat-official/a.ts': "import { sign } from '../../src/kits/wechat/sign';\n",
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/adapters\/web\/w\.ts:1: adapter 'web' imports the wechat kit, which is for wechat-official/);
    expect(problems[1]).toMatch(/adapters\/wechat-official\/a\.ts:1: .*import from src\/kits\/wechat\/index\.ts/);
  });

  it('refuses src importing a kit, a kit importing src internals, adapters importing src internals or each other', () => {
    const problems = check({
      ...ground,
      'src/flows/x.ts': "import { sign } from '../kits/wechat';\n",
      'src/kits/wechat/bad.ts': "import type { F } from '../../flows/types';\n",
      'adapters/web/w.ts': "import type { F } from '../../src/flows/types';\nimport '../wechat-official/a';\n",
      'adapters/wechat-official/a.ts': '',
    });
    expect(problems.join('\n')).toMatch(/src\/flows\/x\.ts:1: src imports the wechat kit/);
    expect(problems.join('\n')).toMatch(/src\/kits\/wechat\/bad\.ts:1: the wechat kit imports 'src\/flows\/types\.ts'/);
    expect(problems.join('\n')).toMatch(/adapters\/web\/w\.ts:1: adapter imports 'src\/flows\/types\.ts'/);
    expect(problems.join('\n')).toMatch(/adapters\/web\/w\.ts:2: adapter imports another adapter/);
  });

  it('refuses src importing an adapter outside main.ts, and runtime import cycles', () => {
    const problems = check({
      ...ground,
      'adapters/web/w.ts': '',
      'src/app/x.ts': "import '../../adapters/web/w';\nimport { y } from './y';\nexport const x = y;\n",
      'src/app/y.ts': "import { x } from './x';\nexport const y = 1;\nexport const z = x;\n",
    });
    expect(problems.join('\n')).toMatch(/src\/app\/x\.ts:1: src imports adapter/);
    expect(problems.join('\n')).toMatch(/import cycle: src\/app\/x\.ts -> src\/app\/y\.ts -> src\/app\/x\.ts/);
  });

  it('holds for this repository', () => {
    expect(checkImportBoundaries(resolve(__dirname, '../..')).problems).toEqual([]);
  });
});
