import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { unsafeTextMessages } from '../common/safe-text';
import { html, SafeHtml } from './html';
import { Lang, tr } from './i18n';

/**
 * Form posts go through the API's own DTO classes and rules: the same class-validator constraints,
 * the same text rule, unknown fields refused. A form field arrives as a string (or a list of
 * strings), so each form says how to read its non-text fields; an empty optional field is absent.
 */
export type FieldKind = 'text' | 'int' | 'number' | 'bool' | 'list' | 'lines';

export interface FieldError {
  /** class-validator's rule name (isEmail, min, isIn…) or `text` for the text rule */
  rule: string;
  /** the API's message for this field, e.g. "email must be an email" */
  message: string;
}

export type FieldErrors = Record<string, FieldError[]>;

export type FormResult<T> = { ok: true; dto: T } | { ok: false; errors: FieldErrors };

/** Fields every page form carries that are not part of any DTO. */
const FORM_ONLY = new Set(['_csrf', 'lanjut']);

/**
 * A number as people type it here: "1.234.567" and "3.539,25" (Indonesian separators) or "3539.25".
 * Dots are thousands separators when a comma follows or when they group exactly three digits. Text
 * that is not a number stays text, so the DTO's rule names the field.
 */
export function parseNumber(s: string): number | string {
  const t = s.replace(/\s/g, '');
  if (/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(t) && (t.includes(',') || t.includes('.'))) return Number(t.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(t) || /^-?\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  return s;
}

function readField(kind: FieldKind, v: unknown): unknown {
  const s = Array.isArray(v) ? v : typeof v === 'string' ? v.trim() : v;
  if (s === '' || s === undefined) return undefined;
  switch (kind) {
    case 'int':
    case 'number':
      return typeof s === 'string' ? parseNumber(s) : s;
    case 'bool':
      return s === 'on' || s === 'true' || s === '1' || s === 'ya' ? true : s === 'false' || s === '0' || s === 'tidak' ? false : s;
    case 'list':
      return (Array.isArray(s) ? s : [s]).map((x) => String(x).trim()).filter((x) => x !== '');
    case 'lines':
      return String(s)
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x !== '');
    default:
      return s;
  }
}

/** The form body as the DTO's plain object: known kinds converted, empty fields dropped, page-only fields removed. */
export function formObject(body: unknown, kinds: Record<string, FieldKind> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (FORM_ONLY.has(k)) continue;
    const value = readField(kinds[k] ?? 'text', v);
    if (value !== undefined) out[k] = value;
  }
  for (const [k, kind] of Object.entries(kinds)) if (kind === 'bool' && !(k in out)) out[k] = false; // an unticked box sends nothing
  return out;
}

function collect(errors: ValidationError[], into: FieldErrors, parent = ''): void {
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      (into[path] ??= []).push({ rule: rule === 'whitelistValidation' ? 'unknown' : rule, message });
    }
    if (e.children?.length) collect(e.children, into, path);
  }
}

/** Validates a form post as the API validates the same body; the DTO instance, or the errors by field. */
export async function validateForm<T extends object>(cls: new () => T, body: unknown, kinds: Record<string, FieldKind> = {}): Promise<FormResult<T>> {
  const plain = formObject(body, kinds);
  const errors: FieldErrors = {};
  for (const m of unsafeTextMessages(plain)) {
    const field = m.split(':')[0];
    (errors[field] ??= []).push({ rule: 'text', message: m });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const dto = plainToInstance(cls, plain);
  collect(
    await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } }),
    errors,
  );
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, dto };
}

const RULES: Record<string, [string, string]> = {
  isEmail: ['Alamat email tidak valid.', 'Not a valid email address.'],
  isNotEmpty: ['Wajib diisi.', 'Required.'],
  isDefined: ['Wajib diisi.', 'Required.'],
  isString: ['Harus berupa teks.', 'Must be text.'],
  isInt: ['Harus bilangan bulat.', 'Must be a whole number.'],
  isNumber: ['Harus berupa angka.', 'Must be a number.'],
  isPositive: ['Harus lebih dari 0.', 'Must be more than 0.'],
  isBoolean: ['Pilih ya atau tidak.', 'Choose yes or no.'],
  isIn: ['Pilih salah satu pilihan yang tersedia.', 'Choose one of the options.'],
  isEnum: ['Pilih salah satu pilihan yang tersedia.', 'Choose one of the options.'],
  isUrl: ['Alamat URL tidak valid.', 'Not a valid URL.'],
  isWibDate: ['Tanggal tidak valid (format TTTT-BB-HH).', 'Not a real date (YYYY-MM-DD).'],
  isIsoWeek: ['Minggu tidak valid (contoh 2026-W47).', 'Not a real ISO week (e.g. 2026-W47).'],
  isUUID: ['ID tidak valid.', 'Not a valid id.'],
  unknown: ['Kolom ini tidak dikenal.', 'Unknown field.'],
  text: ['Teks mengandung karakter yang tidak diizinkan.', 'The text holds characters that are not allowed.'],
};

/** The limit in a min/max/length message ("must not be less than 0" → "0"). */
const limitOf = (message: string): string => /(-?\d+(?:\.\d+)?)/.exec(message)?.[1] ?? '';

/** One field error in the page's language: Indonesian for the common rules, the API's own words otherwise. */
export function fieldErrorText(lang: Lang, e: FieldError): string {
  const n = limitOf(e.message);
  switch (e.rule) {
    case 'min':
      return tr(lang, `Tidak boleh kurang dari ${n}.`, `Must not be less than ${n}.`);
    case 'max':
      return tr(lang, `Tidak boleh lebih dari ${n}.`, `Must not be more than ${n}.`);
    case 'maxLength':
      return tr(lang, `Paling banyak ${n} karakter.`, `At most ${n} characters.`);
    case 'minLength':
      return tr(lang, `Paling sedikit ${n} karakter.`, `At least ${n} characters.`);
    case 'arrayMinSize':
      return tr(lang, `Pilih paling sedikit ${n}.`, `Choose at least ${n}.`);
  }
  const known = RULES[e.rule];
  return known ? tr(lang, known[0], known[1]) : e.message;
}

/** The messages for one field, or none. */
export function errorsFor(lang: Lang, errors: FieldErrors | undefined, field: string): string[] {
  return (errors?.[field] ?? []).map((e) => fieldErrorText(lang, e));
}

/** id of the element holding a field's error, for `aria-describedby`. */
export const errorId = (field: string): string => `err-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * The error shown next to a field (empty when the field is fine). Put it right after the input and
 * give the input `aria-describedby="${errorId(field)}"` and `aria-invalid` (see {@link invalidAttrs}).
 */
export function fieldError(lang: Lang, errors: FieldErrors | undefined, field: string): SafeHtml {
  const msgs = errorsFor(lang, errors, field);
  return msgs.length ? html`<p class="field-error" id="${errorId(field)}" role="alert">${msgs.join(' ')}</p>` : html``;
}

/** ` aria-invalid="true" aria-describedby="err-x"` on an input whose field failed, else nothing. */
export function invalidAttrs(errors: FieldErrors | undefined, field: string): SafeHtml {
  return errors?.[field]?.length ? html` aria-invalid="true" aria-describedby="${errorId(field)}"` : html``;
}

/** A summary at the top of a form that failed: "Periksa 2 kolom yang ditandai." */
export function errorSummary(lang: Lang, errors: FieldErrors | undefined): SafeHtml {
  const n = Object.keys(errors ?? {}).length;
  if (!n) return html``;
  return html`<div class="alert bad" role="alert">${tr(lang, `Periksa ${n} kolom yang ditandai; belum ada yang disimpan.`, `Check the ${n} marked field(s); nothing was saved.`)}</div>`;
}
