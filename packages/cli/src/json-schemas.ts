/**
 * The JSON Schemas (draft 2020-12) of what each command prints with `--json`: one object on
 * stdout, on success and on every error. docs/cli.md shows them verbatim, and the CLI's tests
 * validate real output against them.
 */

type Schema = Record<string, unknown>;

const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const integer: Schema = { type: 'integer' };
const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };

/** An object whose properties are all present and no other. */
function object(properties: Record<string, Schema>): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

/** Who holds a lock (or one of its readers): the same in `status`, `run` and `break`. */
const lockHolder: Schema = object({
  hostname: string,
  pid: integer,
  expiresAt: { type: 'string', format: 'date-time' },
  expiresInMs: integer,
  token: nullable(integer),
});
const holder: Schema = nullable(lockHolder);

const violation: Schema = {
  type: 'object',
  properties: {
    checker: { enum: ['safety', 'rw-safety', 'liveness', 'rw-liveness', 'hygiene', 'fencing'] },
    message: string,
    t: { type: 'number' },
    pids: { type: 'array', items: integer },
  },
  required: ['checker', 'message', 't', 'pids'],
};

/** One finding of `linklock check`: what was checked, the verdict, one line of why. */
const checkFinding: Schema = object({
  section: {
    enum: ['filesystem', 'contract', 'lock', 'operations', 'time', 'contention', 'watch'],
  },
  name: string,
  verdict: { enum: ['ok', 'caveat', 'unsafe'] },
  why: string,
  measured: {
    type: 'object',
    description: 'measured values: milliseconds (names ending in Ms), counts, codes',
    additionalProperties: { type: ['number', 'string', 'boolean', 'null'] },
  },
});

/** What any command prints when it fails (exit 1 or 2). */
export const ERROR_SCHEMA: Schema = {
  type: 'object',
  properties: {
    error: object({
      code: { type: 'string', description: 'EUSAGE, an errno code or a lock error code' },
      message: string,
    }),
    lockfile: string,
  },
  required: ['error'],
  additionalProperties: false,
};

export const JSON_SCHEMAS: Record<string, Schema> = {
  status: object({
    lockfile: string,
    state: { enum: ['unlocked', 'held', 'expired', 'stale', 'foreign'] },
    holder,
    foreign: nullable(string),
    shared: nullable(
      object({
        writer: holder,
        waitingWriter: boolean,
        readers: { type: 'array', items: lockHolder },
      }),
    ),
  }),
  run: object({
    lockfile: string,
    acquired: boolean,
    waitedMs: integer,
    exitCode: nullable(integer),
    signal: nullable(string),
    compromised: boolean,
    holder,
  }),
  break: object({
    lockfile: string,
    result: { enum: ['broken', 'unlocked', 'live', 'guarded'] },
    holder,
    foreign: nullable(string),
  }),
  simulate: object({
    profile: string,
    algorithm: string,
    seeds: integer,
    firstSeed: integer,
    failingSeeds: { type: 'array', items: integer },
    safetySeeds: { type: 'array', items: integer },
    violationsByChecker: { type: 'object', additionalProperties: integer },
    reportedOverlaps: integer,
    fileOperations: integer,
    elapsedMs: integer,
    runs: {
      type: 'array',
      items: object({
        seed: integer,
        traceHash: string,
        finished: boolean,
        acquisitions: integer,
        violations: { type: 'array', items: violation },
      }),
    },
  }),
  replay: object({
    seed: integer,
    profile: string,
    report: nullable(string),
    runs: {
      type: 'array',
      items: object({
        algorithm: string,
        traceHash: string,
        processes: integer,
        violations: { type: 'array', items: violation },
      }),
    },
  }),
  check: object({
    target: string,
    otherView: nullable(string),
    verdict: { enum: ['safe', 'caveats', 'unsafe'] },
    quick: boolean,
    elapsedMs: integer,
    checks: { type: 'array', items: checkFinding },
    skipped: { type: 'array', items: string },
  }),
  demo: object({
    ok: boolean,
    elapsedS: { type: 'number' },
    contention: {
      type: 'object',
      properties: {
        processes: integer,
        iterations: integer,
        acquisitions: integer,
        overlaps: integer,
        counter: object({ expected: integer, actual: integer }),
        failedProcesses: integer,
        loggedProblems: integer,
        leftoverFiles: { type: 'array', items: string },
        elapsedMs: integer,
        acquisitionsPerSecond: integer,
        ok: boolean,
      },
      required: ['acquisitions', 'overlaps', 'counter', 'ok'],
    },
    simulation: {
      type: 'array',
      items: object({
        algorithm: string,
        profile: string,
        seeds: integer,
        failing: integer,
        firstFailing: nullable(integer),
        twoHolders: integer,
        firstTwoHolders: nullable(integer),
        violationsByChecker: { type: 'object', additionalProperties: integer },
      }),
    },
  }),
};
