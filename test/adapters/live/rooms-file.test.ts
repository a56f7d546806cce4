import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRoomsFile } from '../../../adapters/live';
import { ConfigError } from '../../../src/index';
import { ANSWERS } from './live-rooms';

/** Every mistake in a rooms file is one ConfigError problem naming the file, the room and the fix. */
describe('a rooms file with mistakes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-live-rooms-'));
  const write = (name: string, lines: string[]): string => {
    const file = path.join(dir, name);
    writeFileSync(file, lines.join('\n'));
    return file;
  };
  const problemsOf = (file: string, env: NodeJS.ProcessEnv = {}): string[] => {
    try {
      loadRoomsFile(file, env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('no ConfigError');
  };
  const expectEach = (problems: string[], file: string) => {
    for (const p of problems) {
      expect(p.startsWith(`${file}: `)).toBe(true);
      expect(p).toMatch(/Fix: \S/);
    }
  };

  it('names every schema problem with its key', () => {
    const file = write('schema.yaml', [
      'rooms:',
      '  - id: Main Room',
      '    title: 主直播间',
      '    platform: kuaishou',
      `    flow: ${ANSWERS}`,
      '    products: [{ id: P1, link: 0, title: 卫衣 }]',
      '    colour: red',
    ]);
    const problems = problemsOf(file);
    expectEach(problems, file);
    expect(problems.join('\n')).toMatch(/rooms\.0\.id: must be lower-case/);
    expect(problems.join('\n')).toMatch(/rooms\.0\.platform/);
    expect(problems.join('\n')).toMatch(/rooms\.0\.products\.0\.link/);
    expect(problems.join('\n')).toMatch(/colour/);
  });

  it('lists every room problem at once, each with its fix', () => {
    const file = write('rooms.yaml', [
      'rooms:',
      '  - { id: bili, title: B站, platform: bilibili, flow: missing.yaml, bilibili: { auth_body_env: BILI_AUTH } }',
      '  - { id: bili, title: 再来, platform: socket, flow: ' + ANSWERS + ' }',
      '  - { id: dy, title: 抖音, platform: douyin, flow: ' + ANSWERS + ' }',
      '  - id: dy2',
      '    title: 抖音2',
      '    platform: douyin',
      `    flow: ${ANSWERS}`,
      '    douyin: { secret_env: DY_SECRET }',
      '    send: { url: "http://127.0.0.1:1/send", cookie_env: BILI_COOKIE }',
      '    products: [{ id: P1, link: 1, title: 卫衣 }, { id: P2, link: 1, title: 裤子 }]',
    ]);
    const problems = problemsOf(file, { BILI_AUTH: '{not json' });
    expectEach(problems, file);
    const all = problems.join('\n');
    expect(all).toMatch(/room bili: room_id/);
    expect(all).toMatch(/BILI_AUTH is not JSON/);
    expect(all).toMatch(/missing\.yaml/);
    expect(all).toMatch(/room bili appears twice/);
    expect(all).toMatch(/room bili: socket\.url is required/);
    expect(all).toMatch(/room dy: douyin\.secret_env is required/);
    expect(all).toMatch(/DY_SECRET is empty/);
    expect(all).toMatch(/BILI_COOKIE is empty/);
    expect(all).toMatch(/1号链接 is used twice/);
    expect(problems).toHaveLength(9);
  });

  it('names a bad live flow file and its key', () => {
    write('bad-answers.yaml', ['answer_every: soon', 'topics: []', 'buying: { keywords: [拍了] }']);
    const file = write('flow.yaml', [
      'rooms:',
      '  - { id: s, title: 小程序, platform: socket, flow: bad-answers.yaml, socket: { url: "ws://127.0.0.1:1" } }',
    ]);
    const problems = problemsOf(file);
    expect(problems.join('\n')).toMatch(/bad-answers\.yaml: answer_every: must be a duration/);
    expect(problems.join('\n')).toMatch(/bad-answers\.yaml: topics/);
    for (const p of problems) expect(p).toMatch(/Fix: \S/);
  });

  it('says what to do with a file that is not a rooms list', () => {
    const file = write('empty.yaml', ['# nothing yet']);
    const problems = problemsOf(file);
    expectEach(problems, file);
    expect(problems[0]).toMatch(/no rooms: list/);
  });

  it('names a missing file and a file that is not YAML', () => {
    const missing = path.join(dir, 'nope.yaml');
    expectEach(problemsOf(missing), missing);
    expect(problemsOf(missing)[0]).toMatch(/cannot read the live rooms file/);
    const broken = write('broken.yaml', ['rooms:', '  - id: [unclosed']);
    expectEach(problemsOf(broken), broken);
    expect(problemsOf(broken)[0]).toMatch(/not valid YAML/);
  });
});
