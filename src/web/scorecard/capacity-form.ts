import { UpdateBusinessDto } from '../../businesses/dto/business.dto';
import { MAX_MONTHLY_UNITS } from '../../businesses/dto/capacity';
import { PRODUCT_CATEGORIES } from '../../common/reference-data';
import { FieldErrors, parseNumber, validateForm } from '../forms';
import { capField } from './scorecard.views';

export type CapacityForm = { ok: true; dto: UpdateBusinessDto } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * A capacity form post as the API's PATCH body `{ monthlyCapacity }`, through the same DTO and
 * rule; a refused entry comes back on its own field (cap_<category>) with a rule the page words.
 */
export async function readCapacityForm(body: unknown): Promise<CapacityForm> {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: Record<string, string> = {};
  const monthlyCapacity: Record<string, unknown> = {};
  for (const cat of PRODUCT_CATEGORIES) {
    const raw = typeof b[capField(cat)] === 'string' ? (b[capField(cat)] as string).trim() : '';
    values[capField(cat)] = raw;
    if (raw !== '') monthlyCapacity[cat] = parseNumber(raw);
  }
  const form = await validateForm(UpdateBusinessDto, { monthlyCapacity });
  if (form.ok) return form;
  const errors: FieldErrors = {};
  for (const e of Object.values(form.errors).flat()) {
    for (const msg of e.message.split('; ')) {
      const m = /^monthlyCapacity\.(\w+): (.*)$/.exec(msg);
      const field = m ? capField(m[1]) : 'monthlyCapacity';
      const between = m?.[2].startsWith('must be between');
      const below = between && Number(monthlyCapacity[m![1]]) < 0;
      const rule = between ? (below ? 'min' : 'max') : m?.[2].startsWith('must be a whole') ? 'isInt' : e.rule;
      (errors[field] ??= []).push({ rule, message: between ? (below ? 'must not be less than 0' : `must not be more than ${MAX_MONTHLY_UNITS}`) : msg });
    }
  }
  return { ok: false, errors, values };
}
