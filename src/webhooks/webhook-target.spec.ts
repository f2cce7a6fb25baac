import { validateEnv } from '../config/env.validate';
import { allowedHostProblem, forbiddenKind } from './webhook-hosts';
import { TargetRefused, WebhookTargetPolicy } from './webhook-target';

const policy = (allowed = '') => new WebhookTargetPolicy(validateEnv({ WEBHOOK_ALLOWED_HOSTS: allowed }));

describe('webhook target policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.200.3.4', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
  ])('classes %s as %s', (ip, kind) => {
    expect(forbiddenKind(ip)).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('lets the public address %s through', (ip) => {
    expect(forbiddenKind(ip)).toBeNull();
  });

  it('refuses private hosts as written and by what they resolve to, unless allowed by name, address or CIDR', async () => {
    const strict = policy();
    expect(await strict.problem('http://10.0.0.1/x')).toMatch(/private address \(10\.0\.0\.1\)/);
    expect(await strict.problem('http://[::1]:8080/x')).toMatch(/loopback address \(::1\)/);
    expect(await strict.problem('http://localhost/x')).toMatch(/^host localhost resolves to a loopback address/);
    expect(await strict.problem('ftp://example.com/')).toMatch(/http/);
    const open = policy('localhost, 10.0.0.0/8 ,[::1],169.254.169.254');
    for (const url of ['http://localhost/x', 'http://10.9.8.7/x', 'http://[::1]/x', 'http://169.254.169.254/x']) expect(await open.problem(url)).toBeNull();
    expect(await open.problem('http://192.168.0.1/x')).toMatch(/private/);
    // allowed by the address a name resolves to
    const byAddress = policy('127.0.0.1');
    byAddress.resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await byAddress.problem('http://intranet.example/x')).toBeNull();
  });

  it('refuses at connect time through the socket lookup, in both callback shapes', async () => {
    const p = policy('good.example');
    p.resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const call = (host: string, all: boolean) => new Promise<[Error | null, unknown]>((r) => p.connectLookup(host, { all }, (err, addr) => r([err, addr])));
    const [err] = await call('evil.example', true);
    expect(err).toBeInstanceOf(TargetRefused);
    expect(err!.message).toContain('evil.example resolves to a loopback address (127.0.0.1)');
    expect(await call('good.example', true)).toEqual([null, [{ address: '127.0.0.1', family: 4 }]]);
    expect(await call('good.example', false)).toEqual([null, '127.0.0.1']);
  });

  it('validates WEBHOOK_ALLOWED_HOSTS entries at start-up', () => {
    expect(allowedHostProblem('hooks.example.go.id')).toBeNull();
    expect(allowedHostProblem('fd00::/8')).toBeNull();
    expect(allowedHostProblem('10.0.0.0/33')).toMatch(/CIDR/);
    expect(() => validateEnv({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,not a host' })).toThrow(
      /^Invalid environment configuration:\n {2}WEBHOOK_ALLOWED_HOSTS: "not a host"/,
    );
  });
});
