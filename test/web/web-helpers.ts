import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccountsService } from '../../src/accounts/accounts.service';
import type { Role } from '../../src/auth/actor';
import type { TestApp } from '../utils/test-app';

export const PASSWORD = 'kata-sandi-rahasia-1';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');
let seq = 0;

/** A user with a password, straight in the database through the service (the web flow uses invites). */
export async function createUser(
  t: TestApp,
  role: Role,
  businessId?: string,
  overrides: { email?: string; name?: string; locale?: 'id' | 'en' } = {},
): Promise<{ id: string; email: string }> {
  seq++;
  const email = overrides.email ?? `${role}${seq}-${Math.random().toString(36).slice(2, 7)}@contoh.id`;
  const u = await t.app
    .get(AccountsService)
    .createWithPassword('system', { email, role, businessId, password: PASSWORD, name: overrides.name, locale: overrides.locale });
  return { id: u.id, email };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    // the browser stands for the user's own machine: the clock-ahead CI pass's libfaketime preload hangs Chromium
    env: Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k !== 'LD_PRELOAD' && v !== undefined)) as Record<string, string>,
  });
}

/** A phone-sized context (360 × 740, like a cheap Android phone). */
export function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'id-ID' });
}

export async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/masuk');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/masuk')), page.getByRole('button', { name: 'Masuk' }).click()]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Cookies from a supertest response, as a Cookie header value. */
export function cookiesOf(res: { headers: Record<string, unknown> }, jar: Record<string, string> = {}): Record<string, string> {
  const set = res.headers['set-cookie'];
  for (const c of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return jar;
}
export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1];
}

/** Signs in through the form (supertest) and returns the session's cookie jar. */
export async function signInJar(t: TestApp, email: string, password = PASSWORD): Promise<Record<string, string>> {
  const form = await t.http.get('/masuk').expect(200);
  const jar = cookiesOf(form);
  const res = await t.http
    .post('/masuk')
    .set('Cookie', cookieHeader(jar))
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password })
    .expect(303);
  return cookiesOf(res, jar);
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * A browser-like client (cookie jar, CSRF token) whose connections come from `localAddress`: any
 * 127.x.y.z is another client address on loopback, so throttling per address can be tested for real.
 */
export function clientFrom(baseUrl: string, localAddress: string) {
  const jar: Record<string, string> = {};
  const call = (method: string, path: string, form?: Record<string, string>) =>
    new Promise<RawResponse>((resolve, reject) => {
      const body = form ? new URLSearchParams(form).toString() : undefined;
      const headers: Record<string, string> = { cookie: cookieHeader(jar), accept: 'text/html' };
      if (body !== undefined)
        Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) });
      const req = httpRequest(new URL(path, baseUrl), { method, localAddress, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          cookiesOf(res, jar);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    get: (path: string) => call('GET', path),
    /** GET the form for its CSRF token, then POST it. */
    async submit(path: string, fields: Record<string, string>): Promise<RawResponse> {
      const form = await call('GET', path);
      return call('POST', path, { _csrf: csrfFrom(form.text), ...fields });
    },
    signIn(email: string, password: string): Promise<RawResponse> {
      return this.submit('/masuk', { email, password });
    },
  };
}
