import { errorPage } from './layout';
import { problemText } from './problems';

describe('problemText: a 400 answer on a page, in the page language', () => {
  it.each([
    ['halaman: must be a whole number from 1', 'halaman: harus bilangan bulat mulai dari 1'],
    ['minggu: must be an ISO week like 2026-W47 (a week that exists)', 'minggu: harus minggu ISO yang ada, misalnya 2026-W47'],
    ['dari: must be a real date YYYY-MM-DD', 'dari: harus tanggal yang ada, ditulis TTTT-BB-HH'],
    ['id: must be a UUID', 'id: harus berupa UUID'],
    ['kecamatan: not a kecamatan of Rembang', 'kecamatan: bukan kecamatan di Kabupaten Rembang'],
    ['cari: must not contain a NUL character (\\u0000)', 'cari: tidak boleh memuat karakter NUL (\\u0000)'],
  ])('%s → %s', (en, id) => {
    expect(problemText('id', en)).toBe(id);
    expect(problemText('en', en)).toBe(en);
  });

  it('keeps a rule it does not know, and a message without a field, as the API words them', () => {
    expect(problemText('id', 'outcome: must be one of done, no_show')).toBe('outcome: must be one of done, no_show');
    expect(problemText('id', 'must be a UUID')).toBe('must be a UUID');
  });

  it('the error page lists every problem of the answer in the page language', () => {
    const ctx = { csrf: '', path: '/dinas/mingguan', secure: false };
    const messages = ['minggu: must be an ISO week like 2026-W47 (a week that exists)', 'halaman: must be a whole number from 1'];
    const id = errorPage({ ...ctx, lang: 'id' }, 400, messages);
    expect(id).toContain('Permintaan tidak dapat diproses');
    expect(id).toContain('minggu: harus minggu ISO yang ada, misalnya 2026-W47; halaman: harus bilangan bulat mulai dari 1');
    const en = errorPage({ ...ctx, lang: 'en' }, 400, messages);
    expect(en).toContain('minggu: must be an ISO week like 2026-W47 (a week that exists); halaman: must be a whole number from 1');
  });
});
