import { RUNG_TEXT } from '../../pathway/ladder';
import type { Pathway, PathwayMarket, Rung } from '../../pathway/pathway.types';
import { RUNGS } from '../../pathway/pathway.types';
import { html, SafeHtml } from '../html';
import { countryName, dateLabel, num, tr } from '../i18n';
import type { WebCtx } from '../web-context';

type Ctx = Pick<WebCtx, 'lang'>;
const TOP = RUNGS.length - 1;

export const rungName = (c: Ctx, r: Rung): string => RUNG_TEXT[r].name[c.lang];

/**
 * The ladder as a staircase (decorative: the list beside it says the same): one step per rung,
 * bottom left to top right, the current one filled dark and the next one outlined.
 */
function staircase(c: Ctx, m: PathwayMarket): SafeHtml {
  const next = m.next ? RUNGS.indexOf(m.next.rung) : -1;
  const steps = RUNGS.map((r, i) => {
    const h = 30 + i * 14;
    const fill = i === m.rungIndex ? '#0b5d4b' : i < m.rungIndex ? '#9fc7bd' : '#eef0f3';
    const ink = i === m.rungIndex ? '#ffffff' : '#1b1f24';
    const outline = i === next ? html` stroke="#a14400" stroke-width="4" stroke-dasharray="10 6"` : html` stroke="#d0d5dd" stroke-width="2"`;
    const rect = html`<rect x="${i * 100 + 4}" y="${136 - h}" width="92" height="${h}" rx="6" fill="${fill}"${outline}/>`;
    return html`${rect}<text x="${i * 100 + 50}" y="126" text-anchor="middle" font-size="26" font-weight="700" fill="${ink}">${i}</text>`;
  });
  const label = tr(c.lang, `Tangga ekspor: anak tangga ${m.rungIndex} dari ${TOP}`, `Export ladder: rung ${m.rungIndex} of ${TOP}`);
  return html`<svg viewBox="0 0 704 140" width="100%" role="img" aria-label="${label}" focusable="false">${steps}</svg>`;
}

/** The rungs, top first, as a list a screen reader reads: the current one has aria-current. */
function rungList(c: Ctx, m: PathwayMarket): SafeHtml {
  const l = c.lang;
  const items = [...RUNGS].reverse().map((r) => {
    const i = RUNGS.indexOf(r);
    const current = i === m.rungIndex;
    const pill = current ? tr(l, 'posisi sekarang', 'you are here') : m.next?.rung === r ? tr(l, 'berikutnya', 'next') : null;
    const name = current ? html`<strong>${rungName(c, r)}</strong>` : rungName(c, r);
    return html`<li data-rung="${r}"${current ? html` aria-current="step"` : ''}>${name}${pill ? html` <span class="pill">${pill}</span>` : ''}</li>`;
  });
  const label = tr(l, 'Anak tangga, dari yang tertinggi', 'Rungs, highest first');
  return html`<ol class="ladder-rungs" reversed start="${TOP}" aria-label="${label}">${items}</ol>`;
}

/** Why the pair stands where it does: the rule, how many orders meet it, the documents. */
function evidence(c: Ctx, m: PathwayMarket): SafeHtml {
  const l = c.lang;
  const e = m.evidence;
  const docs = e.documents.map((d) => {
    const what =
      d.type === 'certified_exporter' ? tr(l, 'Eksportir bersertifikat', 'Certified exporter') : tr(l, 'NIB berakses kepabeanan', 'NIB with customs access');
    const until = d.expiresOn ? ` · ${tr(l, 'berlaku s.d.', 'valid until')} ${dateLabel(l, d.expiresOn)}` : '';
    return html`<li>${what}${d.number ? ` ${d.number}` : ''}${until}</li>`;
  });
  const n = num(l, e.ordersMatching);
  const count =
    m.rungIndex === 0
      ? tr(l, `${n} pesanan dalam 26 minggu terakhir`, `${n} orders in the last 26 weeks`)
      : tr(l, `${n} pesanan dalam 26 minggu terakhir memenuhi syarat ini`, `${n} orders in the last 26 weeks meet it`);
  const last = e.orders[0] ? dateLabel(l, e.orders[0].orderedOn) : null;
  const latest = last ? tr(l, `, terakhir ${last}`, `, latest ${last}`) : '';
  const list = docs.length ? html`<ul class="ladder-docs">${docs}</ul>` : '';
  return html`<p class="ladder-why">${e.rule[l]}. <span class="muted">${count}${latest}.</span></p>${list}`;
}

/** What the next rung takes: its rule and each piece of paperwork with why and who issues it. */
function nextStep(c: Ctx, m: PathwayMarket): SafeHtml {
  const l = c.lang;
  if (!m.next) {
    const top = tr(l, 'Sudah di anak tangga tertinggi. Jaga dokumen tetap berlaku.', 'On the top rung already. Keep the documents valid.');
    return html`<p class="ladder-next">${top}</p>`;
  }
  const by = tr(l, 'Diterbitkan oleh', 'Issued by');
  const steps = m.next.steps.map((s) => {
    const issuer = s.issuer ? html`<br><span class="muted">${by}: ${s.issuer}</span>` : '';
    return html`<li data-code="${s.code}"><strong>${s.title}</strong> (${s.code})<br>${s.reason}${issuer}</li>`;
  });
  return html`<div class="ladder-next"><h3>${tr(l, 'Langkah berikutnya', 'Next step')}: ${rungName(c, m.next.rung)}</h3>
<p>${tr(l, 'Syaratnya', 'What it takes')}: ${RUNG_TEXT[m.next.rung].rule[l]}.</p>
${steps.length ? html`<p>${tr(l, 'Yang perlu disiapkan', 'What to prepare')}:</p><ul>${steps}</ul>` : ''}</div>`;
}

/**
 * The export ladder of one market: where the business stands (drawn and listed), why, and what the
 * next rung takes. For the owner's page and the officer's business page.
 */
export function ladderView(c: Ctx, m: PathwayMarket): SafeHtml {
  const l = c.lang;
  const id = `ladder-${m.market}`;
  const where = tr(l, `anak tangga ${m.rungIndex} dari ${TOP}`, `rung ${m.rungIndex} of ${TOP}`);
  return html`<section class="card ladder" id="${id}" aria-labelledby="${id}-h">
<h2 id="${id}-h">${countryName(l, m.market)}: ${rungName(c, m.rung)} <span class="muted">(${where})</span></h2>
${staircase(c, m)}
${rungList(c, m)}
${evidence(c, m)}
${nextStep(c, m)}
</section>`;
}

/** The owner's "Langkah berikutnya" page body: one ladder per market, in plain words. */
export function nextStepPage(c: Ctx, p: Pathway): SafeHtml {
  const l = c.lang;
  const intro = tr(
    l,
    `Dihitung dari pesanan Anda 26 minggu terakhir sampai ${dateLabel(l, p.asOf)} dan dokumen yang sudah diperiksa dinas. ` +
      'Setiap negara tujuan punya tangganya sendiri.',
    `Worked out from your orders of the 26 weeks up to ${dateLabel(l, p.asOf)} and the documents the department has checked. ` +
      'Each destination has its own ladder.',
  );
  const empty = tr(
    l,
    'Belum ada pesanan luar negeri dalam 26 minggu terakhir. Catat pesanan Anda, lalu lihat langkah berikutnya di sini.',
    'No overseas orders in the last 26 weeks. Log your orders, then see your next step here.',
  );
  const none = html`<p class="card">${empty} <a href="/pesanan/baru">${tr(l, 'Catat pesanan', 'Log an order')}</a></p>`;
  return html`<h1>${tr(l, 'Langkah berikutnya', 'Your next step')}</h1>
<p>${intro}</p>
${p.markets.length ? p.markets.map((m) => ladderView(c, m)) : none}`;
}
