import { assetUrl } from './assets';
import { html, qs, SafeHtml } from './html';
import { Lang, roleLabel, tr } from './i18n';
import { JOINT_PAGES } from '../consolidation/consolidation.types';
import type { WebCtx } from './web-context';
import { overdueBanner } from './casework/overdue-banner';
import { problemText } from './problems';

type NavItem = { href: string; label: string };

function navFor(c: Pick<WebCtx, 'lang' | 'user'>): NavItem[] {
  const l = c.lang;
  if (!c.user) return [];
  if (c.user.role === 'business') {
    return [
      { href: '/pesanan/baru', label: tr(l, 'Catat pesanan', 'Log an order') },
      { href: '/pesanan', label: tr(l, 'Pesanan saya', 'My orders') },
      { href: '/pesanan/unggah', label: tr(l, 'Unggah CSV', 'Upload CSV') },
      { href: '/volume', label: tr(l, 'Volume & dokumen', 'Volume & paperwork') },
      { href: '/pesanan/langkah', label: tr(l, 'Langkah berikutnya', 'Next step') },
      { href: '/pesanan/dokumen', label: tr(l, 'Dokumen saya', 'My documents') },
      { href: '/pesanan/kapasitas', label: tr(l, 'Kapasitas & 3K', 'Capacity & 3K') },
    ];
  }
  return [
    { href: '/dinas/mingguan', label: tr(l, 'Daftar mingguan', 'Weekly list') },
    { href: '/dinas/antrean', label: tr(l, 'Antrean tinjauan', 'Review queue') },
    { href: '/dinas/usaha', label: tr(l, 'Usaha binaan', 'Businesses') },
    { href: '/dinas/tindak-lanjut', label: tr(l, 'Tindak lanjut', 'Follow-ups') },
    { href: JOINT_PAGES.candidates, label: tr(l, 'Ekspor bersama', 'Joint export') },
    { href: '/dinas/laporan', label: tr(l, 'Laporan', 'Report') },
    { href: '/dinas/aturan', label: tr(l, 'Aturan', 'Rules') },
    { href: '/dinas/pengaturan', label: tr(l, 'Pengaturan', 'Settings') },
  ];
}

export function csrfField(c: Pick<WebCtx, 'csrf'>): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${c.csrf}">`;
}

/** The page shell: skip link, header with language switch and sign-out, role navigation, main. */
type PageCtx = Pick<WebCtx, 'lang' | 'user' | 'csrf' | 'path'> & Partial<Pick<WebCtx, 'followUps'>>;
export interface PageOpts {
  flash?: { kind: 'ok' | 'bad' | 'warn'; text: string };
}

export function page(c: PageCtx, title: string, body: SafeHtml, opts: PageOpts = {}): string {
  const l = c.lang;
  const other: Lang = l === 'id' ? 'en' : 'id';
  const nav = navFor(c);
  const current = nav.filter((n) => c.path === n.href || c.path.startsWith(`${n.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  return `<!doctype html>${
    html`<html lang="${l}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Siap Ekspor</title>
<link rel="stylesheet" href="${assetUrl('app.css')}">
<script src="${assetUrl('app.js')}" defer></script>
</head>
<body>
<a class="skip" href="#isi">${tr(l, 'Langsung ke isi', 'Skip to content')}</a>
<header class="top"><div class="bar">
<a class="brand" href="/">Siap Ekspor</a>
<a href="/bahasa/${other}${qs({ lanjut: c.path })}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'Bahasa Indonesia'}</a>
${
  c.user
    ? html`<span class="hide-sm">${c.user.name || c.user.email} · ${roleLabel(l, c.user.role)}</span>
<form method="post" action="/keluar">${csrfField(c)}<button class="link" type="submit">${tr(l, 'Keluar', 'Sign out')}</button></form>`
    : ''
}
</div></header>
${
  nav.length
    ? html`<nav class="main" aria-label="${tr(l, 'Menu utama', 'Main menu')}"><ul>
${nav.map((n) => html`<li><a href="${n.href}"${n === current ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>`
    : ''
}
<main id="isi" tabindex="-1">
${c.followUps && c.user?.role !== 'business' ? overdueBanner(l, c.followUps.overdue, c.followUps.districts) : ''}
${opts.flash ? html`<div class="alert ${opts.flash.kind}" role="${opts.flash.kind === 'bad' ? 'alert' : 'status'}">${opts.flash.text}</div>` : ''}
${body}
</main>
<footer>${tr(l, 'Dinas Koperasi dan UKM Kabupaten Rembang · waktu dalam WIB', 'Rembang Cooperative & SME Department · times in WIB')}</footer>
</body></html>`.value
  }`;
}

export function errorPage(c: PageCtx, status: number, message: string | string[]): string {
  const l = c.lang;
  const title =
    status === 404
      ? tr(l, 'Halaman tidak ditemukan', 'Page not found')
      : status === 403
        ? tr(l, 'Tidak diizinkan', 'Not allowed')
        : status === 401
          ? tr(l, 'Silakan masuk lagi', 'Please sign in again')
          : status < 500
            ? tr(l, 'Permintaan tidak dapat diproses', 'The request could not be processed')
            : tr(l, 'Terjadi gangguan', 'Something went wrong');
  const detail =
    status === 403 && /form token/.test(String(message))
      ? tr(l, 'Token formulir tidak ada atau salah. Muat ulang halaman lalu coba lagi.', 'The form token is missing or wrong. Reload the page and try again.')
      : status === 404
        ? tr(l, 'Alamat ini tidak ada atau bukan untuk akun Anda.', 'This address does not exist or is not for your account.')
        : status >= 500
          ? tr(l, 'Coba lagi sebentar lagi.', 'Please try again shortly.')
          : (Array.isArray(message) ? message : [message]).map((m) => problemText(l, m)).join('; ');
  const back = html`<p><a href="/">${tr(l, 'Kembali ke beranda', 'Back to the start page')}</a></p>`;
  return page(c, title, html`<h1>${title}</h1><div class="card"><p>${detail}</p>${back}</div>`);
}
