import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const COMMANDS = ['run', 'status', 'break', 'simulate', 'replay', 'demo'];

describe('linklock: help, version and usage errors', () => {
  it('--help lists every command; --version is the package version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const version = await runCli(['--version']);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('every command has its own --help, exit 0', async () => {
    for (const command of COMMANDS) {
      const result = await runCli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`usage: linklock ${command}`);
    }
  });

  it('run, status and break take an nfs:// URL: their --help shows its form and every parameter', async () => {
    for (const command of ['run', 'status', 'break']) {
      const help = (await runCli([command, '--help'])).stdout;
      expect(help, command).toContain('nfs://host[:port]/');
      for (const parameter of ['mountport', 'uid', 'gid', 'timeout', 'retrans', 'soft']) {
        expect(help, `${command} ${parameter}`).toMatch(
          new RegExp(`^ {4}.*\\b${parameter}\\b`, 'm'),
        );
      }
    }
  });

  it('no command, an unknown command or a bad option: exit 2 with a hint, on stderr', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: linklock <command>');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('linklock --help');
    const badOption = await runCli(['status', '--bogus', '/tmp/x.lock']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('linklock status --help');
    expect(badOption.stdout).toBe('');
  });

  it('run: a missing command, a bad duration or conflicting options are usage errors (exit 2)', async () => {
    for (const args of [
      ['run', '/tmp/x.lock'],
      ['run', '/tmp/x.lock', '--'],
      ['run', '/tmp/x.lock', '--timeout', 'soon', '--', 'true'],
      ['run', '/tmp/x.lock', '--lifetime', '0', '--', 'true'],
      ['run', '/tmp/x.lock', '--nonblock', '--timeout', '10', '--', 'true'],
      ['run', '--', 'true'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('linklock run --help');
    }
  });

  it("says what is wrong in its own words, one line and a hint, never Node's parser texts", async () => {
    const cases: [string[], string][] = [
      [
        ['run', '/tmp/x.lock', '--timeout', '-5', '--', 'true'],
        '--timeout expects milliseconds (a whole number), got "-5"',
      ],
      [
        ['run', '/tmp/x.lock', '--frobnicate', '--', 'true'],
        'unknown option --frobnicate (this command takes --timeout, --lifetime, --nonblock, --json, --shared, --fair)',
      ],
      [['status', '/tmp/x.lock', '--json=yes'], '--json takes no value'],
      [['simulate', '--seeds'], '--seeds needs a value'],
      [['--bogus'], 'unknown option --bogus: a command comes first'],
      [['help', 'frobnicate'], 'unknown command "frobnicate"'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      const [first, hint, ...more] = result.stderr.trimEnd().split('\n');
      expect(first?.startsWith(`linklock: ${message}`), `${args.join(' ')}: ${first}`).toBe(true);
      expect(hint).toMatch(/^\(see linklock (\w+ )?--help\)$/);
      expect(more).toEqual([]);
      expect(result.stderr).not.toMatch(/ambiguous|To specify|Did you forget/);
    }
  });

  it("help <command> prints that command's usage", async () => {
    const result = await runCli(['help', 'run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: linklock run </);
  });
});
