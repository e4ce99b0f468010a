import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyRule } from '../test-support/rpc-fault-proxy.js';
import { requireGanesha } from './support/ganesha.js';
import { type LostReply, lostReplyStage, PROCEDURE } from './support/lost-reply-stage.js';

// H3 on a real server: the reply to one of the lock's non-idempotent calls is lost after
// nfs-ganesha ran it (the fault proxy takes it away, or cuts the connection), and the client
// sends the same call again (same xid). ganesha's duplicate request cache answers it from its
// memory when it knows the client (same connection, or the same address and port again); from
// another port it runs the call again: LINK then answers EEXIST, RENAME and REMOVE ENOENT, and
// only the claim's CREATE, made EXCLUSIVE with a verifier, succeeds again. The lock must hold
// in every case; each test pins what ganesha answered (docs/nfs.md has the table).
beforeAll(requireGanesha);

type Stage = Awaited<ReturnType<typeof lostReplyStage>>;
let stage: Stage | undefined;
afterEach(async () => {
  await stage?.close();
  stage = undefined;
});

const OK = 0;
const NOENT = 2;
const EXIST = 17;

/** What ganesha 4.3 answers the retransmission, per loss and procedure. */
const ANSWERS: Record<
  keyof typeof LOSSES,
  Record<'LINK' | 'CREATE' | 'RENAME' | 'REMOVE', number>
> = {
  'reply dropped, same connection': { LINK: OK, CREATE: OK, RENAME: OK, REMOVE: OK },
  'connection cut, reconnected from the same port': {
    LINK: OK,
    CREATE: OK,
    RENAME: OK,
    REMOVE: OK,
  },
  'connection cut, reconnected from another port': {
    LINK: EXIST,
    CREATE: OK,
    RENAME: NOENT,
    REMOVE: NOENT,
  },
};
/** How the reply is lost, and so where the retransmission goes. */
const LOSSES = {
  'reply dropped, same connection': { action: 'drop-reply' },
  'connection cut, reconnected from the same port': { action: 'cut-after-reply' },
  'connection cut, reconnected from another port': { action: 'cut-after-reply', newPort: true },
} as const satisfies Record<string, Omit<ProxyRule, 'procedure' | 'nth'>>;

async function warmStage(): Promise<Stage> {
  stage = await lostReplyStage();
  // One clean cycle first: the clock calibration's probe file is behind us, so the next
  // acquisition's first CREATE is its claim.
  await stage.lock.lock();
  await stage.lock.unlock();
  return stage;
}

/** The lock is free and the directory clean: another process takes it at once. */
async function expectCleanAndFree(current: Stage): Promise<void> {
  expect(current.files()).toEqual([]);
  expect(await current.otherLock.tryLock()).toBe(true);
  await current.otherLock.unlock();
  expect(current.logger.alarms).toEqual([]);
}

describe.each(Object.keys(LOSSES) as (keyof typeof LOSSES)[])(
  'a lost reply on a real server (%s)',
  (loss) => {
    const how = LOSSES[loss];
    /** The one lost reply of `name`: the server ran it (OK), the retransmission got `ANSWERS`. */
    const expectLost = (lost: LostReply[], name: keyof (typeof ANSWERS)[typeof loss]) =>
      expect(lost).toEqual([
        {
          procedure: PROCEDURE[name],
          first: OK,
          retransmitted: ANSWERS[loss][name],
          newConnection: how.action !== 'drop-reply',
        },
      ]);

    it("the lock's LINK: acquired, held once, released clean", async () => {
      const current = await warmStage();
      current.proxy.addRule({ procedure: PROCEDURE.LINK, ...how });
      await current.lock.lock();
      expect(current.lock.held).toBe(true);
      expect(await current.otherLock.tryLock()).toBe(false);
      await current.lock.unlock();
      expectLost(current.lostReplies(PROCEDURE.LINK), 'LINK');
      await expectCleanAndFree(current);
    });

    it("the claim's CREATE: acquired, no claim left behind", async () => {
      const current = await warmStage();
      current.proxy.addRule({ procedure: PROCEDURE.CREATE, ...how });
      await current.lock.lock();
      expect(current.lock.held).toBe(true);
      await current.lock.unlock();
      expectLost(current.lostReplies(PROCEDURE.CREATE), 'CREATE');
      await expectCleanAndFree(current);
    });

    it("the unlock's RENAME aside: released, nothing left", async () => {
      const current = await warmStage();
      await current.lock.lock();
      current.proxy.addRule({ procedure: PROCEDURE.RENAME, ...how });
      await current.lock.unlock();
      expect(current.lock.held).toBe(false);
      expectLost(current.lostReplies(PROCEDURE.RENAME), 'RENAME');
      await expectCleanAndFree(current);
    });

    it.each([1, 2])("the unlock's REMOVE #%i: released, nothing left", async (nth) => {
      const current = await warmStage();
      await current.lock.lock();
      current.proxy.addRule({ procedure: PROCEDURE.REMOVE, nth, ...how });
      await current.lock.unlock();
      expectLost(current.lostReplies(PROCEDURE.REMOVE), 'REMOVE');
      await expectCleanAndFree(current);
    });
  },
);
