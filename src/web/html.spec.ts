import { dataTable, html } from './html';

describe('dataTable', () => {
  const rows = [
    { name: 'Ulla <Leather>', orders: 12 },
    { name: 'Batik Lasem', orders: 3 },
  ];
  const cols = [
    { label: 'Usaha', cell: (r: (typeof rows)[number]) => r.name },
    { label: 'Pesanan', cell: (r: (typeof rows)[number]) => html`<b>${r.orders}</b>`, num: true },
  ];

  it('labels every cell with its column so a phone can show it as a row', () => {
    expect(dataTable(cols, rows, { id: 'biz', caption: 'Daftar' }).value).toBe(
      '<div class="scroll"><table class="rows" id="biz"><caption>Daftar</caption>\n' +
        '<thead><tr><th scope="col">Usaha</th><th scope="col" class="num">Pesanan</th></tr></thead>\n' +
        '<tbody><tr><td data-label="Usaha">Ulla &lt;Leather&gt;</td><td data-label="Pesanan" class="num"><b>12</b></td></tr>' +
        '<tr><td data-label="Usaha">Batik Lasem</td><td data-label="Pesanan" class="num"><b>3</b></td></tr></tbody></table></div>',
    );
  });
  it('says so when there are no rows and an empty text is given', () => {
    expect(dataTable(cols, [], { empty: 'Belum ada usaha.' }).value).toBe('<p class="muted">Belum ada usaha.</p>');
    expect(dataTable(cols, []).value).toContain('<tbody></tbody>');
  });
});
