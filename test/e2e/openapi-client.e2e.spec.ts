import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ADMIN_KEY, startTestApp, TestApp } from '../utils/test-app';

const ROOT = join(__dirname, '..', '..');
const CLIENT_DIR = join(ROOT, 'test', 'openapi-client');
const GENERATED = join(CLIENT_DIR, 'generated');
const DOC = join(GENERATED, 'openapi.json');

/** Runs a package's CLI on the Node that runs the tests; fails the test with its output when it fails. */
function run(bin: string, args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

describe('the OpenAPI document works for real clients', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    mkdirSync(GENERATED, { recursive: true });
    const doc = await fetch(`${baseUrl}/api/docs-json`);
    expect(doc.status).toBe(200);
    writeFileSync(DOC, JSON.stringify(await doc.json(), null, 2));
  });
  afterAll(() => t.close());

  it("passes Redocly's recommended lint (redocly.yaml) with 0 errors", () => {
    const out = run('@redocly/cli/bin/cli.js', ['lint', DOC, '--format=json', '--max-problems=1000']);
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
    const shown = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(shown.filter((s) => s.startsWith('error'))).toEqual([]);
    // the only warnings: health checks have no 4xx answer (no input, no key)
    expect(report.problems.map((p) => [p.ruleId, p.location[0]?.pointer])).toEqual(
      ['/health', '/health/live', '/health/ready'].map((p) => ['operation-4xx-response', `#/paths/${p.replace(/\//g, '~1')}/get/responses`]),
    );
    const doc = JSON.parse(readFileSync(DOC, 'utf8'));
    const ops = Object.values(doc.paths as Record<string, Record<string, { summary?: string; security?: unknown[] }>>).flatMap((item) => Object.values(item));
    expect(ops.length).toBeGreaterThanOrEqual(64);
    expect(ops.filter((o) => !o.summary || !o.security)).toEqual([]);
    // public routes say so; the rest need the bearer key
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/digests/unsubscribe'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/businesses'].post).toMatchObject({
      summary: 'Businesses: create',
      security: [{ bearer: [] }],
      description: 'Roles: admin, officer.',
    });
    expect(Object.keys(doc.paths['/api/v1/businesses'].post.responses)).toEqual(['201', '400', '401', '403', '429']);
  });

  it('generates types with openapi-typescript, type-checks a typed client with tsc and calls the API through it', async () => {
    // a request field with a default (hasCustomsAccess) is optional to send: no --default-non-nullable
    run('openapi-typescript/bin/cli.js', [DOC, '--default-non-nullable=false', '-o', join(GENERATED, 'api.d.ts')]);
    expect(readFileSync(join(GENERATED, 'api.d.ts'), 'utf8')).toContain('"/api/v1/businesses/{id}": {');
    run('typescript/bin/tsc', ['-p', join(CLIENT_DIR, 'tsconfig.json')]);

    // required through a computed path: the main type-check must not follow it into the folder it leaves out
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: a computed path the type-check must not follow
    const { useTypedClient } = require(join(CLIENT_DIR, 'typed-client')) as {
      useTypedClient: (baseUrl: string, key: string) => Promise<Record<string, unknown>>;
    };
    const r = await useTypedClient(baseUrl, ADMIN_KEY);
    const id = (r.created as { id: string }).id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r).toEqual({
      health: 'ok',
      created: { id, status: 201, district: 'Sarang', materials: ['stingray'], hasCustomsAccess: false },
      got: 'Kulit Pari Sarang',
      patched: true,
      listedIds: [id],
      invalid: { status: 400, message: [expect.stringMatching(/^district: /)] },
      anonymous: { status: 401, error: 'Unauthorized' },
    });
  });
});
