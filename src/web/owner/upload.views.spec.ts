import { csvAdviceView, csvErrorsView, problemLine, rowProblems, uploadView } from './upload.views';

describe('CSV upload views', () => {
  it("words each rejected row's problems with the column's Indonesian name and its CSV header", () => {
    const p = rowProblems('id', [
      'destinationCountry: must be a country other than ID (orders within Indonesia are not exports)',
      'row: has 3 cells, the header has 11',
    ]);
    expect(p).toEqual([
      { column: 'destinationCountry', text: 'Pesanan di dalam Indonesia bukan ekspor. Pilih negara tujuan di luar negeri.' },
      { column: null, text: 'has 3 cells, the header has 11' },
    ]);
    expect(problemLine('id', p[0])).toBe('Negara tujuan (destinationCountry): Pesanan di dalam Indonesia bukan ekspor. Pilih negara tujuan di luar negeri.');
    const out = csvErrorsView({ lang: 'id' }, [{ index: 2, problems: p }]).value;
    expect(out).toContain('<th scope="col">Baris</th><th scope="col">Kolom</th><th scope="col">Masalah</th>');
    expect(out).toContain(
      '<tr><td data-label="Baris">2</td><td data-label="Kolom"><span>Negara tujuan <code>destinationCountry</code></span></td>' +
        '<td data-label="Masalah">Pesanan di dalam',
    );
    expect(out).toContain('<td data-label="Kolom">–</td><td data-label="Masalah">has 3 cells, the header has 11</td>');
    const en = csvErrorsView({ lang: 'en' }, [{ index: 3, problems: rowProblems('en', ['quantity: must be a whole number from 1 to 100000']) }]).value;
    expect(en).toContain(
      'Number of items <code>quantity</code></span></td>' + '<td data-label="Problem">Enter the number of items: a whole number from 1 to 100,000.</td>',
    );
  });

  it('lists at most 200 rows and says the report has the rest', () => {
    const rows = Array.from({ length: 201 }, (_, i) => ({ index: i + 1, problems: [{ column: 'amount', text: 'x' }] }));
    const out = csvErrorsView({ lang: 'id' }, rows).value;
    expect(out.match(/<tr><td/g)).toHaveLength(200);
    expect(out).toContain('Menampilkan 200 baris pertama; laporan berisi semuanya.');
  });

  it('names the required and optional CSV columns', () => {
    const out = uploadView({ lang: 'id', csrf: 't' }).value;
    expect(out).toContain('Kolom wajib: <code>orderedAt</code>, <code>destinationCountry</code>');
    expect(out).toContain('Tidak wajib: <code>externalRef</code>, <code>weightKg</code>, <code>hsCode</code>');
  });

  it('lists the advice of saved rows by row, in the page language', () => {
    const message = { id: 'Kiriman 31 kg di atas 30 kg: usaha wajib memakai PEB, bukan CN.', en: 'A 31 kg consignment is above 30 kg.' };
    const rows = [{ index: 4, warnings: [{ code: 'peb_required', field: 'declaration', message, limitKg: 30 }] }];
    const out = csvAdviceView({ lang: 'id' }, rows, 1).value;
    expect(out).toContain('<h2>Tersimpan, dengan saran (1 baris)</h2>');
    expect(out).toContain('<tr><td data-label="Baris">4</td><td data-label="Saran jalur kirim">' + message.id + '</td></tr>');
    expect(csvAdviceView({ lang: 'en' }, rows, 1).value).toContain('<td data-label="Route advice">A 31 kg consignment is above 30 kg.</td>');
  });
});
