import { FaultyFs, SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { expect, it } from 'vitest';
import { VirtualTime } from '../../core/test/support/virtual-time.js';

function mem() {
  const v = new Volume();
  v.mkdirSync('/d');
  return new MemfsAdapter(v);
}

it('nth counting across rules', async () => {
  const fs = new FaultyFs(mem(), {
    rules: [
      { name: 'A', op: 'writeFile', errno: 'EIO', nth: 1 },
      { name: 'B', op: 'writeFile', errno: 'ENOSPC', nth: 2 },
    ],
  });
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    await fs.writeFile('/d/x', 'a').then(() => out.push('ok'), (e) => out.push(e.code));
  }
  console.log(out, fs.describe());
});

it('global regexp', async () => {
  const fs = new FaultyFs(mem(), { rules: [{ op: 'writeFile', path: /x/g, errno: 'EIO' }] });
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    await fs.writeFile('/d/x', 'a').then(() => out.push('ok'), (e) => out.push(e.code));
  }
  console.log(out);
});

it('ghost read ignores maxBytes', async () => {
  const time = new VirtualTime();
  const fs = new FaultyFs(mem(), { clock: time.clock(), delayUnlink: { ms: 100 } });
  await fs.writeFile('/d/x', 'hello world');
  await fs.unlink('/d/x');
  console.log(await fs.read('/d/x', { maxBytes: 3 }).then((r) => r.data, (e) => e.code));
  console.log(await fs.readdir('/d'));
  await time.clock().sleep(100);
  console.log(await fs.readdir('/d'));
  console.log(fs.describe());
});

it('error shape', async () => {
  const fs = new FaultyFs(mem(), { seed: 'hello', rules: [{ op: 'unlink', errno: 'EWHAT' }, { op: 'link', errno: 'EEXIST', phase: 'after' }] });
  const e = await fs.unlink('/d/x').catch((e) => e);
  console.log(e, e.errno, Object.is(e.errno, -0), e.name, e instanceof Error);
  await fs.writeFile('/d/a', '1');
  const e2 = await fs.link('/d/a', '/d/b').catch((e) => e);
  console.log(e2.message, await fs.readdir('/d'), fs.seed, new SeededRandom('hello').seed);
  console.log(fs.describe());
});
