import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const pinned: string = pkg.devDependencies.node;

describe('the service and its tests run on the pinned Node 24 LTS', () => {
  it('jest, a child started with process.execPath and the `node` that npm scripts find on PATH are the pinned version', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(process.version).toBe(`v${pinned}`);
    expect(execFileSync(process.execPath, ['-p', 'process.version'], { encoding: 'utf8' }).trim()).toBe(`v${pinned}`);
    // tools that start `node` by name (shebangs, nest build, node-gyp-build) get it from PATH
    expect(execFileSync('node', ['-v'], { encoding: 'utf8' }).trim()).toBe(`v${pinned}`);
  });

  it('the native addons load on it (argon2 hashes and verifies)', async () => {
    const argon2 = await import('argon2');
    const hash = await argon2.hash('kata-sandi-uji', { timeCost: 2, memoryCost: 8192 });
    await expect(argon2.verify(hash, 'kata-sandi-uji')).resolves.toBe(true);
    await expect(argon2.verify(hash, 'salah')).resolves.toBe(false);
  });

  it('engines, the README install command, CI and the image name the same Node', () => {
    expect(pkg.engines.node).toBe(`^${pinned}`);
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m);
    for (const cmd of ['npm run demo', 'npm test']) expect(read('README.md')).toContain(`npx -y -p node@${pinned} npm ci && ${cmd}`);
    expect(read('.ci/run')).toContain('npx -y -p "node@$node_version" npm ci');
    const froms = read('docker/Dockerfile').match(/^FROM \S+/gm) ?? [];
    expect(froms.length).toBeGreaterThanOrEqual(3);
    for (const f of froms) expect(f).toBe('FROM node:24-bookworm-slim');
  });
});
