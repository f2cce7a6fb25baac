import type { ReportsRepository } from '../reports/reports.repository';
import { DigestContentCache } from './digest-cache';
import type { DigestBodyQp } from './digest-render';

const body = (text: string): DigestBodyQp => ({
  locale: 'id',
  subject: 's',
  html: ['<p>', text, '</p>'],
  text,
  qp: { html: ['<p>', text, '</p>'], text },
});

describe('DigestContentCache.body', () => {
  // the body cache never reads a list: the repository is not used here
  const cache = () => new DigestContentCache({} as ReportsRepository);

  it('renders a key once: later digests of that key read nothing and get the same body', async () => {
    const c = cache();
    const render = jest.fn(async () => body('a'));
    const first = await c.body('k', render);
    const second = await c.body('k', render);
    expect(render).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect([c.hits, c.misses]).toEqual([1, 1]);
    await c.body('other', async () => body('b'));
    expect(c.size.bodies).toBe(2);
    c.onApplicationShutdown();
  });

  it('shares one render among digests of one key sent at once', async () => {
    const c = cache();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const render = jest.fn(async () => {
      await gate;
      return body('a');
    });
    const pending = [c.body('k', render), c.body('k', render), c.body('k', render)];
    release();
    const got = await Promise.all(pending);
    expect(render).toHaveBeenCalledTimes(1);
    expect(new Set(got).size).toBe(1);
    c.onApplicationShutdown();
  });

  it('keeps no failed render: the next digest of the key renders again', async () => {
    const c = cache();
    await expect(c.body('k', async () => Promise.reject(new Error('follow-ups unreadable')))).rejects.toThrow('follow-ups unreadable');
    const render = jest.fn(async () => body('a'));
    expect((await c.body('k', render)).text).toBe('a');
    expect(render).toHaveBeenCalledTimes(1);
    c.onApplicationShutdown();
  });
});
