import type { RuleSetDto } from '../../flags/dto/rule-set.dto';
import type { ReplayResultDto } from '../../watch/dto/watch.dto';
import { errorId, errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { html, SafeHtml } from '../html';
import { dateTimeLabel, Lang, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';
import { replayComparison, replayWeeks } from './replay.views';
import { Group, GROUPS, inputValue, ParamField, ruleErrorText, ruleFields, unitLabel, valueLabel } from './rule-form';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;

/** What the draft form holds: the typed values by parameter path, the weeks to replay, the note, the JSON. */
export interface DraftInput {
  values: Record<string, string>;
  from: string;
  to: string;
  note: string;
  json: string;
}

const GROUP_NAMES: Record<Group, [string, string, string, string]> = {
  enter: ['Masuk', 'Enter', 'Semua ambang ini harus terpenuhi agar bendera kesiapan dinaikkan.', 'Every one of these must hold for a readiness flag to be raised.'],
  stay: ['Bertahan', 'Stay', 'Ambang yang lebih longgar yang harus tetap dipenuhi bendera yang sudah naik.', 'The looser thresholds a raised flag must keep meeting.'],
  compliance: ['Kepatuhan', 'Compliance', 'Bendera izin untuk bahan satwa liar (CITES, SATS-LN).', 'The permit flag for wildlife materials (CITES, SATS-LN).'],
  general: ['Umum', 'General', 'Berlaku untuk semua bendera.', 'Apply to every flag.'],
};
const GROUP_PATH: Partial<Record<Group, string>> = { enter: 'readiness.enter', stay: 'readiness.stay', compliance: 'compliance' };

/** The values a fresh form starts with: the current rule set's. */
export function draftFromRuleSet(l: Lang, current: RuleSetDto, from: string, to: string): DraftInput {
  const values = Object.fromEntries(ruleFields(l, current.params, current.explain).map((f) => [f.path, inputValue(l, f, f.current)]));
  return { values, from, to, note: '', json: JSON.stringify(current.params, null, 2) };
}

function messages(l: Lang, errors: FieldErrors | undefined, path: string, unit?: ParamField['unit']): string[] {
  return (errors?.[path] ?? []).map((e) => ruleErrorText(l, e.message, unit));
}

function paramField(l: Lang, f: ParamField, value: string, errors: FieldErrors | undefined): SafeHtml {
  const id = errorId(f.path).replace(/^err-/, '');
  const errs = messages(l, errors, f.path, f.unit);
  const unit = f.unit === 'rp' ? 'Rp' : unitLabel(l, f.unit);
  return html`<div class="param" data-param="${f.path}">
<label for="p-${id}">${f.label} <span class="muted">(${unit})</span><span class="hint" id="h-${id}">${f.help}${f.nullable ? tr(l, ' Kosongkan untuk "tidak pernah".', ' Leave empty for "never".') : ''}</span></label>
<div class="row"><input id="p-${id}" name="${f.path}" inputmode="decimal" autocomplete="off" value="${value}" aria-describedby="h-${id}${errs.length ? ` err-${id}` : ''}"${errs.length ? html` aria-invalid="true"` : ''}>
<span class="muted current">${tr(l, 'berlaku', 'current')}: <b>${valueLabel(l, f, f.current)}</b></span></div>
${errs.length ? html`<p class="field-error err" id="err-${id}" role="alert">${errs.join(' ')}</p>` : ''}
<p class="muted"><code>${f.path}</code></p></div>`;
}

/** The draft form: parameters grouped masuk / bertahan / kepatuhan / umum, the weeks to replay, a note, the JSON for experts. */
export function draftForm(c: Ctx, current: RuleSetDto, draft: DraftInput, errors?: FieldErrors): SafeHtml {
  const l = c.lang;
  const fields = ruleFields(l, current.params, current.explain);
  const general = [...messages(l, errors, 'params'), ...messages(l, errors, 'rhythm')];
  return html`<form method="post" action="/dinas/aturan/uji" class="card" id="rule-draft" novalidate>${csrfField(c)}
${errorSummary(l, errors)}
${general.length ? html`<div class="alert bad" role="alert" id="err-params"><ul>${general.map((m) => html`<li>${m}</li>`)}</ul></div>` : ''}
<p class="muted">${tr(l, 'Ubah ambang, lalu uji dulu: replay menunjukkan usaha mana yang akan ditandai atau selesai per minggu. Tombol terbitkan muncul setelah uji.', 'Change thresholds, then test first: the replay shows which businesses would be flagged or resolved per week. The publish button appears after the test.')}</p>
<div id="rule-params">${GROUPS.map((g) => {
    const own = fields.filter((f) => f.group === g);
    if (!own.length) return '';
    const gp = GROUP_PATH[g];
    const gErr = gp ? messages(l, errors, gp) : [];
    const [id, en, hid, hen] = GROUP_NAMES[g];
    return html`<fieldset class="card rule-group" id="group-${g}"><legend><h3>${tr(l, id, en)}</h3></legend><p class="hint">${tr(l, hid, hen)}</p>
${gErr.length ? html`<p class="field-error err" role="alert" id="err-group-${g}">${gErr.join(' ')}</p>` : ''}
${own.map((f) => paramField(l, f, draft.values[f.path] ?? '', errors))}</fieldset>`;
  })}</div>
<fieldset><legend><h3>${tr(l, 'Minggu yang diuji', 'Weeks to test')}</h3></legend>
<div class="row"><div><label for="from">${tr(l, 'Dari', 'From')}</label><input id="from" name="from" type="date" value="${draft.from}"${invalidAttrs(errors, 'from')}>${fieldError(l, errors, 'from')}</div>
<div><label for="to">${tr(l, 'Sampai', 'To')}</label><input id="to" name="to" type="date" value="${draft.to}"${invalidAttrs(errors, 'to')}>${fieldError(l, errors, 'to')}</div></div></fieldset>
<label for="rnote">${tr(l, 'Catatan versi', 'Version note')}</label><input id="rnote" name="note" maxlength="1000" value="${draft.note}"${invalidAttrs(errors, 'note')}>${fieldError(l, errors, 'note')}
<div class="actions"><button type="submit">${tr(l, 'Uji dengan replay', 'Test with a replay')}</button></div>
<details id="rule-json"${errors?.json ? html` open` : ''}><summary>${tr(l, 'Lanjutan: parameter sebagai JSON', 'Advanced: parameters as JSON')}</summary>
<label for="params">JSON<span class="hint">${tr(l, 'Untuk ahli: isi JSON ini menggantikan kolom di atas saat diuji dengan tombol di bawah.', 'For experts: this JSON replaces the fields above when tested with the button below.')}</span></label>
<textarea id="params" name="params" rows="14" spellcheck="false"${invalidAttrs(errors, 'json')}>${draft.json}</textarea>${fieldError(l, errors, 'json')}
<div class="actions"><button class="secondary" type="submit" name="mode" value="json">${tr(l, 'Uji JSON ini', 'Test this JSON')}</button></div></details>
</form>`;
}

/** GET /dinas/aturan: the versions, then the draft form on the current version. */
export function rulesPage(c: Ctx, data: { versions: RuleSetDto[]; current: RuleSetDto; draft: DraftInput; errors?: FieldErrors }): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Aturan penandaan', 'Flagging rules')}</h1>
<div class="scroll"><table id="rule-versions"><thead><tr><th scope="col">${tr(l, 'Versi', 'Version')}</th><th scope="col">${tr(l, 'Diterbitkan', 'Published')}</th><th scope="col">${tr(l, 'Oleh', 'By')}</th><th scope="col">${tr(l, 'Catatan', 'Note')}</th></tr></thead>
<tbody>${data.versions.map((v) => html`<tr><td>v${v.version}${v.current ? html` <span class="pill resolved">${tr(l, 'berlaku', 'current')}</span>` : ''}</td><td>${dateTimeLabel(l, v.createdAt)}</td><td>${v.createdBy}</td><td>${v.note ?? ''}</td></tr>`)}</tbody></table></div>
<h2>${tr(l, `Rancang versi baru dari versi ${data.current.version}`, `Draft a new version from version ${data.current.version}`)}</h2>
${draftForm(c, data.current, data.draft, data.errors)}`;
}

const REPLAY_STATUS: Record<string, [string, string]> = {
  queued: ['Menunggu', 'Queued'], running: ['Berjalan', 'Running'], completed: ['Selesai', 'Completed'], failed: ['Gagal', 'Failed'],
};
export const replayStatusLabel = (l: Lang, s: string): string => (REPLAY_STATUS[s] ? tr(l, ...REPLAY_STATUS[s]) : s);

/**
 * POST /dinas/aturan/uji: what the draft would have done, week by week, then (admins, a completed
 * replay) the publish form carrying the tested draft, then the form again.
 */
export function replayPage(c: Ctx & { admin: boolean }, data: { current: RuleSetDto; draft: DraftInput; result: ReplayResultDto; params: Record<string, unknown> }): SafeHtml {
  const l = c.lang;
  const r = data.result;
  const publish = r.status === 'completed'
    ? c.admin
      ? html`<form method="post" action="/dinas/aturan/terbitkan" class="card" id="publish">${csrfField(c)}<input type="hidden" name="params" value="${JSON.stringify(data.params)}"><input type="hidden" name="note" value="${data.draft.note}">
<p>${tr(l, 'Terbitkan rancangan yang diuji ini sebagai versi baru? Pemantauan berikutnya memakainya.', 'Publish this tested draft as a new version? The next watch run uses it.')}</p><div class="actions"><button type="submit">${tr(l, 'Terbitkan versi baru', 'Publish new version')}</button></div></form>`
      : html`<p class="muted">${tr(l, 'Hanya admin yang dapat menerbitkan versi aturan.', 'Only admins may publish a rule-set version.')}</p>`
    : html`<div class="alert warn" role="status">${tr(l, 'Replay belum selesai; terbitkan hanya setelah hasilnya lengkap. Uji lagi sebentar lagi.', 'The replay has not finished; publish only after a complete result. Test again shortly.')}</div>`;
  return html`<h1>${tr(l, 'Hasil uji rancangan', 'Draft test result')}</h1>
<p id="replay-status">${tr(l, `Status: ${replayStatusLabel(l, r.status)}. ${r.weeksDone} dari ${r.weeksTotal} minggu (${r.from} – ${r.to}).`, `Status: ${replayStatusLabel(l, r.status)}. ${r.weeksDone} of ${r.weeksTotal} weeks (${r.from} – ${r.to}).`)}</p>
${replayWeeks(c, r)}
${replayComparison(c, r)}
${publish}
<h2>${tr(l, 'Ubah lagi', 'Edit again')}</h2>${draftForm(c, data.current, data.draft)}`;
}
