// FileHandle methods are the fd functions, with the path the handle was opened with; `partial`
// writes a part before a full disk fails the call; streams go through the same functions.
import { describe, expect, it } from 'vitest';
import { failure, faultyVolume } from './support.js';

describe('a FileHandle', () => {
  it('is matched by the fd functions and the path it was opened with', async () => {
    const { fs, faulty } = faultyVolume({
      rules: [{ op: 'fsync', path: '/d/a', errno: 'EIO' }],
    });

    const handle = await fs.promises.open('/d/a', 'r+');
    await handle.write('xyz', 0);
    const error = await failure(() => handle.sync());
    await handle.stat();
    await handle.truncate(1);
    await handle.close();

    expect(error).toMatchObject({ code: 'EIO', syscall: 'fsync' });
    expect(
      faulty.history().map((entry) => `${entry.op} ${entry.paths[0]} ${entry.outcome}`),
    ).toEqual([
      'open /d/a ok',
      'write /d/a ok',
      'fsync /d/a EIO',
      'fstat /d/a ok',
      'ftruncate /d/a ok',
      'close /d/a ok',
    ]);
  });

  it('fd numbers from open and openSync are recorded with their path too', async () => {
    const { fs, faulty } = faultyVolume();

    const fd = fs.openSync('/d/a', 'r');
    fs.fstatSync(fd);
    fs.closeSync(fd);

    expect(faulty.history({ op: 'fstat' })[0]?.paths).toEqual(['/d/a']);
  });
});

describe('partial: a disk that fills up half way', () => {
  it('writeFile writes the first bytes, then fails with the errno of a write', async () => {
    const { fs, volume } = faultyVolume({
      rules: [{ op: 'writeFile', errno: 'ENOSPC', partial: 4 }],
    });

    const error = await failure(() => fs.promises.writeFile('/d/a', 'new content'));

    expect(error).toMatchObject({
      code: 'ENOSPC',
      syscall: 'write',
      message: 'ENOSPC: no space left on device, write',
    });
    expect(volume.readFileSync('/d/a', 'utf8')).toBe('new ');
  });

  it('write is one write(2): a short count, no error, while some bytes fit', async () => {
    const { fs, volume, faulty } = faultyVolume({
      rules: [{ op: 'write', errno: 'ENOSPC', partial: 2, times: 1 }],
    });
    const fd = fs.openSync('/d/a', 'w');

    expect(fs.writeSync(fd, 'hello')).toBe(2);
    expect(fs.writeSync(fd, 'llo')).toBe(3); // the rule fired once
    fs.closeSync(fd);

    expect(volume.readFileSync('/d/a', 'utf8')).toBe('hello');
    expect(faulty.history({ op: 'write' })[0]).toMatchObject({
      outcome: 'ok',
      injected: true,
      details: { bytes: 5, partialBytes: 2 },
    });
  });

  it('write with partial 0 fails, in the handle form too', async () => {
    const { fs } = faultyVolume({ rules: [{ op: 'write', errno: 'ENOSPC', partial: 0 }] });
    const handle = await fs.promises.open('/d/a', 'w');

    expect(await failure(() => handle.write('x'))).toMatchObject({ code: 'ENOSPC' });
    await handle.close();
  });

  it('is refused on functions that do not write', () => {
    expect(() => faultyVolume({ rules: [{ op: 'rename', errno: 'ENOSPC', partial: 1 }] })).toThrow(
      /`partial` applies to write, writeFile, appendFile only/,
    );
  });
});

describe('streams', () => {
  it('write through open, write and close, so rules see every chunk', async () => {
    const { fs, volume, faulty } = faultyVolume({
      rules: [{ op: 'write', errno: 'EIO', nth: 2 }],
    });
    const stream = fs.createWriteStream('/d/s');

    const failed = new Promise((resolve) => stream.on('error', resolve));
    stream.write('one ');
    stream.write('two ');
    stream.end('three');

    expect(await failed).toMatchObject({ code: 'EIO', syscall: 'write' });
    expect(volume.readFileSync('/d/s', 'utf8')).toBe('one ');
    expect(faulty.history().map((entry) => entry.op)).toContain('open');
  });

  it('read the file as it is', async () => {
    const { fs } = faultyVolume();
    let text = '';
    for await (const chunk of fs.createReadStream('/d/a', 'utf8')) text += chunk;

    expect(text).toBe('abc');
  });
});
