import { Logger } from '@nestjs/common';
import { createJsonLogger, logEvent } from './log-event';

/** Captures what the logger writes to stdout while `fn` runs. */
function captured(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('logEvent on the JSON logger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('prints one single-level JSON object per event, through a class Logger', () => {
    Logger.overrideLogger(createJsonLogger('log'));
    const lines = captured(() => logEvent(new Logger('WatchService'), 'watch run created', { runId: 'r-1', asOf: '2026-11-29', chunks: 3 }, 'warn'));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'warn', msg: 'watch run created', runId: 'r-1', asOf: '2026-11-29', chunks: 3, context: 'WatchService' });
    expect(Object.keys(entry).slice(0, 2)).toEqual(['level', 'msg']);
    expect(entry.message).toBeUndefined();
    for (const v of Object.values(entry)) expect(typeof v === 'object' && v !== null).toBe(false);
  });

  it('takes the context from the caller on the process logger, keeps the test patterns matching, masks email fields and addresses inside error texts', () => {
    const logger = createJsonLogger('log');
    const lines = captured(() => {
      logEvent(logger, 'listening', { role: 'api', port: 3106 }, 'log', 'Main');
      logEvent(logger, 'worker started', { role: 'worker', email: 'ani@example.id' }, 'log', 'Main');
      logEvent(logger, 'digest send failed', { error: '550 5.1.1 <budi.s@dinas.example.go.id>: mailbox unavailable' }, 'warn');
    });
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'log', msg: 'listening', role: 'api', port: 3106, context: 'Main' }),
      expect.objectContaining({ msg: 'worker started', email: '[REDACTED]' }),
      expect.objectContaining({ level: 'warn', error: '550 5.1.1 <[email]>: mailbox unavailable' }),
    ]);
    expect(lines.join('')).not.toContain('budi.s@');
    expect(lines[0]).toMatch(/"listening"/);
    expect(lines[1]).toMatch(/worker started/);
    expect(lines.join('')).not.toContain('ani@example.id');
  });

  it('leaves out levels below the configured one', () => {
    expect(captured(() => logEvent(createJsonLogger('log'), 'job done', { ms: 3 }, 'debug'))).toEqual([]);
  });
});
