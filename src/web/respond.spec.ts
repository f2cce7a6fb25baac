import { sameSiteTarget } from './respond';

describe('sameSiteTarget', () => {
  it.each([
    ['/dinas/mingguan', '/dinas/mingguan'],
    ['/dinas/mingguan?minggu=2026-W47#daftar', '/dinas/mingguan?minggu=2026-W47#daftar'],
    ['/dinas/usaha?cari=a%2Fb', '/dinas/usaha?cari=a%2Fb'],
    ['/pesanan/ baru é', '/pesanan/%20baru%20%C3%A9'],
    ['/a/./b/../c', '/a/c'],
  ])('follows the same-site path %j as %j', (target, expected) => {
    expect(sameSiteTarget(target, '/home')).toBe(expected);
  });

  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\nSet-Cookie: a=b',
    '/\u0000',
    '/\\evil.example',
    '/\\/evil.example',
    '//evil.example',
    '///evil.example',
    'https://evil.example',
    'HTTPS://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    ' /dinas',
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '/%5Cevil.example',
    '/%09/evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
    '/.//evil.example',
    '/keluar',
    '/keluar?x=1',
    `/${'a'.repeat(3000)}`,
  ])('falls back for %j', (target) => {
    expect(sameSiteTarget(target, '/home')).toBe('/home');
  });

  it('falls back for what is not a string', () => {
    expect(sameSiteTarget(undefined, '/home')).toBe('/home');
    expect(sameSiteTarget(['/dinas'], '/home')).toBe('/home');
  });
});
