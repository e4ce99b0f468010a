import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrefixedFs } from '../src/prefixed-fs.js';

const PREFIX = '/tenants/acme';
const vitest = { describe, it, expect, beforeEach, afterEach };

/** A fresh shared volume with the tenant's directory made. */
function tenantVolume(): Volume {
  const volume = new Volume();
  volume.mkdirSync(PREFIX, { recursive: true });
  return volume;
}

let volume = tenantVolume();

describeFsAdapter({
  vitest,
  name: 'PrefixedFs over memfs',
  createAdapter: () => {
    volume = tenantVolume();
    return new PrefixedFs(new MemfsAdapter(volume), { prefix: PREFIX });
  },
  // Symlinks are made in the storage itself, so at the prefixed paths.
  makeSymlink: (target, path) => volume.symlinkSync(`${PREFIX}${target}`, `${PREFIX}${path}`),
});

describeLockSemantics({
  vitest,
  name: 'PrefixedFs over memfs',
  // Two processes: two PrefixedFs over one volume (mtimes stamped with the suite's clock).
  createAdapters: ({ clock }) => {
    const shared = tenantVolume();
    return [
      new PrefixedFs(new MemfsAdapter(shared, { clock }), { prefix: PREFIX }),
      new PrefixedFs(new MemfsAdapter(shared, { clock }), { prefix: PREFIX }),
    ];
  },
});

describe('PrefixedFs', () => {
  it('keeps files under the prefix and logs every call with its outcome', async () => {
    const shared = tenantVolume();
    const lines: string[] = [];
    const fs = new PrefixedFs(new MemfsAdapter(shared), {
      prefix: PREFIX,
      log: (line) => lines.push(line),
    });
    await fs.writeFile('/jobs.lock', 'x', { exclusive: true });
    await fs.writeFile('/jobs.lock', 'y', { exclusive: true }).catch(() => undefined);
    expect(shared.readdirSync(PREFIX)).toEqual(['jobs.lock']);
    expect(shared.readdirSync('/')).toEqual(['tenants']);
    expect(lines).toEqual(['writeFile /jobs.lock -> ok', 'writeFile /jobs.lock -> EEXIST']);
  });

  it("names the caller's path in errors, never the prefixed one", async () => {
    const fs = new PrefixedFs(new MemfsAdapter(tenantVolume()), { prefix: PREFIX });
    await expect(fs.stat('/missing')).rejects.toMatchObject({ code: 'ENOENT', path: '/missing' });
  });
});
