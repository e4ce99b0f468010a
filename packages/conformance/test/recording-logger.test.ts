import { RecordingLogger } from '@linklock/conformance';
import { describe, expect, it } from 'vitest';

describe(RecordingLogger, () => {
  function logged() {
    const logger = new RecordingLogger();
    logger.debug('looked', { at: 1 });
    logger.info('broke a lock whose holder expired');
    logger.warn('put back a lock that changed hands', { nonce: 'n' });
    logger.error('lock lost');
    logger.error('again');
    return logger;
  }

  it('keeps every line, in order, with its level and fields', () => {
    expect(logged().lines).toEqual([
      { level: 'debug', message: 'looked', fields: { at: 1 } },
      { level: 'info', message: 'broke a lock whose holder expired', fields: undefined },
      { level: 'warn', message: 'put back a lock that changed hands', fields: { nonce: 'n' } },
      { level: 'error', message: 'lock lost', fields: undefined },
      { level: 'error', message: 'again', fields: undefined },
    ]);
  });

  it('gives the messages of one level', () => {
    expect(logged().messages('error')).toEqual(['lock lost', 'again']);
    expect(logged().messages('info')).toEqual(['broke a lock whose holder expired']);
    expect(new RecordingLogger().messages('warn')).toEqual([]);
  });

  it('alarms() and complaints(): the warn and error lines, as lines and as text', () => {
    const logger = logged();
    expect(logger.alarms().map((line) => line.message)).toEqual([
      'put back a lock that changed hands',
      'lock lost',
      'again',
    ]);
    expect(logger.complaints()).toEqual([
      'warn: put back a lock that changed hands',
      'error: lock lost',
      'error: again',
    ]);
    const quiet = new RecordingLogger();
    quiet.info('held');
    expect(quiet.alarms()).toEqual([]);
    expect(quiet.complaints()).toEqual([]);
  });

  it('said(level, pattern) looks at that level only', () => {
    const logger = logged();
    expect(logger.said('info', /broke/)).toBe(true);
    expect(logger.said('warn', /broke/)).toBe(false);
    expect(logger.said('warn', /put back/)).toBe(true);
  });
});
