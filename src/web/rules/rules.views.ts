import type { RuleSetDto } from '../../flags/dto/rule-set.dto';
import type { ReplayResultDto } from '../../watch/dto/watch.dto';
import { errorId, errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { Column, dataTable, html, SafeHtml } from '../html';
import { dateTimeLabel, Lang, runStatusLabel, tr } from '../i18n';
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
  enter: [
    'Masuk',
    'Enter',
    'Semua ambang ini harus terpenuhi agar bendera kesiapan dinaikkan.',
    'Every one of these must hold for a readiness flag to be raised.',
  ],
  stay: [
    'Bertahan',
    'Stay',
    'Ambang yang lebih longgar yang harus tetap dipenuhi bendera yang sudah naik.',
    'The looser thresholds a raised flag must keep meeting.',
  ],
  compliance: ['Kepatuhan', 'Compliance', 'Bendera izin untuk bahan satwa liar (CITES, SATS-LN).', 'The permit flag for wildlife materials (CITES, SATS-LN).'],
  general: ['Umum', 'General', 'Berlaku untuk semua bendera.', 'Apply to every flag.'],
  scorecard: [
    'Rapor 3K dan kapasitas',
    '3K scorecard and capacity',
    'Target kualitas, kuantitas dan kontinuitas; di atas batas kapasitas saran menjadi pendampingan produktivitas (tidak mengubah bendera).',
    'Targets of quality, quantity and continuity; above the capacity line the advice becomes productivity coaching (flags are not changed).',
  ],
};
const GROUP_PATH: Partial<Record<Group, string>> = { enter: 'readiness.enter', stay: 'readiness.stay', compliance: 'compliance', scorecard: 'scorecard' };

/** The values a fresh form starts with: the current rule set's. */
export function draftFromRuleSet(l: Lang, current: RuleSetDto, from: string, to: string): DraftInput {
  const values = Object.fromEntries(ruleFields(l, current.params, current.explain).map((f) => [f.path, inputValue(l, f, f.current)]));
  return { values, from, to, note: '', json: JSON.stringify(current.params, null, 2) };
}

function messages(l: Lang, errors: FieldErrors | undefined, path: string, unit?: ParamField['unit']): string[] {
  return (errors?.[path] ?? []).map((e) => ruleErrorText(l, e.message, unit));
}

/** A parameter path that may wrap after each dot on a phone. */
const breakable = (path: string): SafeHtml => html`${path.split('.').map((p, i) => (i ? html`.<wbr>${p}` : p))}`;

function paramField(l: Lang, f: ParamField, value: string, errors: FieldErrors | undefined): SafeHtml {
  const id = errorId(f.path).replace(/^err-/, '');
  const errs = messages(l, errors, f.path, f.unit);
  const unit = f.unit === 'rp' ? 'Rp' : unitLabel(l, f.unit);
  const never = f.nullable ? tr(l, ' Kosongkan untuk "tidak pernah".', ' Leave empty for "never".') : '';
  const invalid = errs.length ? html` aria-invalid="true"` : '';
  return html`<div class="param" data-param="${f.path}">
<label for="p-${id}">${f.label} <span class="muted">(${unit})</span>
<span class="hint" id="h-${id}">${f.help}${never} · <code>${breakable(f.path)}</code></span></label>
<div class="row"><input id="p-${id}" name="${f.path}" inputmode="decimal" autocomplete="off"
  value="${value}" aria-describedby="h-${id}${errs.length ? ` err-${id}` : ''}"${invalid}>
<span class="muted current">${tr(l, 'berlaku', 'current')}: <b>${valueLabel(l, f, f.current)}</b></span></div>
${errs.length ? html`<p class="field-error" id="err-${id}" role="alert">${errs.join(' ')}</p>` : ''}</div>`;
}

function group(l: Lang, g: Group, fields: ParamField[], draft: DraftInput, errors: FieldErrors | undefined): SafeHtml | '' {
  const own = fields.filter((f) => f.group === g);
  if (!own.length) return '';
  const path = GROUP_PATH[g];
  const errs = path ? messages(l, errors, path) : [];
  const [id, en, hid, hen] = GROUP_NAMES[g];
  return html`<fieldset class="card rule-group" id="group-${g}"><legend><h3>${tr(l, id, en)}</h3></legend><p class="hint">${tr(l, hid, hen)}</p>
${errs.length ? html`<p class="field-error" role="alert" id="err-group-${g}">${errs.join(' ')}</p>` : ''}
${own.map((f) => paramField(l, f, draft.values[f.path] ?? '', errors))}</fieldset>`;
}

function dateField(l: Lang, name: 'from' | 'to', label: string, value: string, errors: FieldErrors | undefined): SafeHtml {
  return html`<div><label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="date" value="${value}"${invalidAttrs(errors, name)}>${fieldError(l, errors, name)}</div>`;
}

function jsonPart(l: Lang, draft: DraftInput, errors: FieldErrors | undefined): SafeHtml {
  const hint = tr(
    l,
    'Untuk ahli: isi JSON ini menggantikan kolom di atas saat diuji dengan tombol di bawah.',
    'For experts: this JSON replaces the fields above when tested with the button below.',
  );
  const summary = tr(l, 'Lanjutan: parameter sebagai JSON', 'Advanced: parameters as JSON');
  return html`<details id="rule-json"${errors?.json ? html` open` : ''}><summary>${summary}</summary>
<label for="params">JSON<span class="hint">${hint}</span></label>
<textarea id="params" name="params" rows="14" spellcheck="false"${invalidAttrs(errors, 'json')}>${draft.json}</textarea>${fieldError(l, errors, 'json')}
<div class="actions"><button class="secondary" type="submit" name="mode" value="json">${tr(l, 'Uji JSON ini', 'Test this JSON')}</button></div></details>`;
}

/** The draft form: parameters grouped masuk / bertahan / kepatuhan / umum, the weeks to replay, a note, the JSON for experts. */
export function draftForm(c: Ctx, current: RuleSetDto, draft: DraftInput, errors?: FieldErrors): SafeHtml {
  const l = c.lang;
  const fields = ruleFields(l, current.params, current.explain);
  const general = [...messages(l, errors, 'params'), ...messages(l, errors, 'rhythm')];
  const intro = tr(
    l,
    'Ubah ambang, lalu uji dulu: replay menunjukkan usaha mana yang akan ditandai atau selesai per minggu. Tombol terbitkan muncul setelah uji.',
    'Change thresholds, then test first: the replay shows which businesses would be flagged or resolved per week. The publish button appears after the test.',
  );
  return html`<form method="post" action="/dinas/aturan/uji" class="card" id="rule-draft" novalidate>${csrfField(c)}
${errorSummary(l, errors)}
${general.length ? html`<div class="alert bad" role="alert" id="err-params"><ul>${general.map((m) => html`<li>${m}</li>`)}</ul></div>` : ''}
<p class="muted">${intro}</p>
<div id="rule-params">${GROUPS.map((g) => group(l, g, fields, draft, errors))}</div>
<fieldset><legend><h3>${tr(l, 'Minggu yang diuji', 'Weeks to test')}</h3></legend>
<div class="row">${dateField(l, 'from', tr(l, 'Dari', 'From'), draft.from, errors)}
${dateField(l, 'to', tr(l, 'Sampai', 'To'), draft.to, errors)}</div></fieldset>
<label for="rnote">${tr(l, 'Catatan versi', 'Version note')}</label>
<input id="rnote" name="note" maxlength="1000" value="${draft.note}"${invalidAttrs(errors, 'note')}>${fieldError(l, errors, 'note')}
<div class="actions"><button type="submit">${tr(l, 'Uji dengan replay', 'Test with a replay')}</button></div>
${jsonPart(l, draft, errors)}
</form>`;
}

/** GET /dinas/aturan: the versions, then the draft form on the current version. */
export function rulesPage(c: Ctx, data: { versions: RuleSetDto[]; current: RuleSetDto; draft: DraftInput; errors?: FieldErrors }): SafeHtml {
  const l = c.lang;
  const cols: Column<RuleSetDto>[] = [
    {
      label: tr(l, 'Versi', 'Version'),
      cell: (x) => html`v${x.version}${x.current ? html` <span class="pill resolved">${tr(l, 'berlaku', 'current')}</span>` : ''}`,
    },
    { label: tr(l, 'Diterbitkan', 'Published'), cell: (x) => dateTimeLabel(l, x.createdAt) },
    { label: tr(l, 'Oleh', 'By'), cell: (x) => x.createdBy },
    { label: tr(l, 'Catatan', 'Note'), cell: (x) => x.note ?? '' },
  ];
  const v = data.current.version;
  return html`<h1>${tr(l, 'Aturan penandaan', 'Flagging rules')}</h1>
${dataTable(cols, data.versions, { id: 'rule-versions' })}
<h2>${tr(l, `Rancang versi baru dari versi ${v}`, `Draft a new version from version ${v}`)}</h2>
${draftForm(c, data.current, data.draft, data.errors)}`;
}

function publishPart(c: Ctx & { admin: boolean }, status: string, params: Record<string, unknown>, note: string): SafeHtml {
  const l = c.lang;
  if (status !== 'completed') {
    return html`<div class="alert warn" role="status">${tr(
      l,
      'Replay belum selesai; terbitkan hanya setelah hasilnya lengkap. Uji lagi sebentar lagi.',
      'The replay has not finished; publish only after a complete result. Test again shortly.',
    )}</div>`;
  }
  const adminsOnly = tr(l, 'Hanya admin yang dapat menerbitkan versi aturan.', 'Only admins may publish a rule-set version.');
  if (!c.admin) return html`<p class="muted">${adminsOnly}</p>`;
  return html`<form method="post" action="/dinas/aturan/terbitkan" class="card" id="publish">${csrfField(c)}
<input type="hidden" name="params" value="${JSON.stringify(params)}"><input type="hidden" name="note" value="${note}">
<p>${tr(
    l,
    'Terbitkan rancangan yang diuji ini sebagai versi baru? Pemantauan berikutnya memakainya.',
    'Publish this tested draft as a new version? The next watch run uses it.',
  )}</p>
<div class="actions"><button type="submit">${tr(l, 'Terbitkan versi baru', 'Publish new version')}</button></div></form>`;
}

/**
 * POST /dinas/aturan/uji: what the draft would have done, week by week, then (admins, a completed
 * replay) the publish form carrying the tested draft, then the form again.
 */
export function replayPage(
  c: Ctx & { admin: boolean },
  data: { current: RuleSetDto; draft: DraftInput; result: ReplayResultDto; params: Record<string, unknown> },
): SafeHtml {
  const l = c.lang;
  const r = data.result;
  const status = runStatusLabel(l, r.status);
  const done = tr(l, `${r.weeksDone} dari ${r.weeksTotal} minggu`, `${r.weeksDone} of ${r.weeksTotal} weeks`);
  return html`<h1>${tr(l, 'Hasil uji rancangan', 'Draft test result')}</h1>
<p id="replay-status">Status: ${status}. ${done} (${r.from} – ${r.to}).</p>
${replayWeeks(c, r)}
${replayComparison(c, r)}
${publishPart(c, r.status, data.params, data.draft.note)}
<h2>${tr(l, 'Ubah lagi', 'Edit again')}</h2>${draftForm(c, data.current, data.draft)}`;
}
