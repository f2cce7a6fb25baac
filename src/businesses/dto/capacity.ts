import { ValidateBy, ValidationOptions } from 'class-validator';
import { PRODUCT_CATEGORIES } from '../../common/reference-data';

/** Units per month a business says it can make, per product category (absent category: not declared). */
export type MonthlyCapacity = Partial<Record<(typeof PRODUCT_CATEGORIES)[number], number>>;

/** Largest declared units per month: far above any micro business, well inside an int4. */
export const MAX_MONTHLY_UNITS = 10_000_000;

/**
 * Why a submitted monthlyCapacity is refused, one message per bad entry, each naming its path
 * (`monthlyCapacity.bags: …`), or none when it is fine.
 */
export function capacityProblems(v: unknown, path = 'monthlyCapacity'): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${path}: must be an object of product category → units per month`];
  const out: string[] = [];
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
    if (!(PRODUCT_CATEGORIES as readonly string[]).includes(k)) out.push(`${path}.${k}: not a product category (one of ${PRODUCT_CATEGORIES.join(', ')})`);
    else if (typeof n !== 'number' || !Number.isInteger(n)) out.push(`${path}.${k}: must be a whole number of units per month`);
    else if (n < 0 || n > MAX_MONTHLY_UNITS) out.push(`${path}.${k}: must be between 0 and ${MAX_MONTHLY_UNITS}`);
  }
  return out;
}

/** class-validator rule for {@link capacityProblems}; the message already names the entry's path. */
export function IsMonthlyCapacity(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMonthlyCapacity',
      validator: {
        validate: (v, a) => capacityProblems(v, a?.property).length === 0,
        defaultMessage: (a) => capacityProblems(a?.value, a?.property).join('; '),
      },
    },
    options,
  );
}

/** The declared total units per month, or null when nothing is declared (an empty object or only zeros of nothing). */
export function capacityTotal(c: MonthlyCapacity | null | undefined): number | null {
  const values = Object.values(c ?? {}).filter((n): n is number => typeof n === 'number');
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}
