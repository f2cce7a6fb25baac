import { Injectable } from '@nestjs/common';
import { DocumentsService } from '../businesses/documents.service';
import { documentValidOn } from '../businesses/documents';
import type { BusinessDocument } from '../pathway/pathway.types';
import { OrderWarning, orderWarnings, PERMIT_TYPES, valueInCny, WILDLIFE_PERMIT } from './order-advice';
import type { NewOrder } from './order-input';
import { AdvisedOrderRow, OrdersRepository } from './orders.repository';

const major = (minor: string, units: number) => Number(minor) / 10 ** units;

/** Route advice for stored orders: the single path from its own row, the bulk paths a batch at a time. */
@Injectable()
export class OrderAdviceService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly documents: DocumentsService,
  ) {}

  /** From the row the insert returned (it carries the CNY rate and the permits valid on the order's day). */
  forRow(r: AdvisedOrderRow): OrderWarning[] {
    const cnyRate = r.cny_idr_per_unit === null ? null : Number(r.cny_idr_per_unit);
    const valueCny = r.currency === 'CNY' ? major(r.amount_minor, r.minor_units) : cnyRate ? Number(r.value_idr) / cnyRate : null;
    return orderWarnings({
      destinationCountry: r.destination_country,
      material: r.material,
      declaration: r.declaration,
      weightKg: r.weight_kg,
      valueCny,
      validPermits: new Set(r.valid_permits),
    });
  }

  /**
   * Warnings for a batch of one business's valid rows, by their index. `permits` caches the
   * business's permit documents across the batches of one import (read once, when first needed).
   */
  async forBatch(
    businessId: string,
    rows: readonly NewOrder[],
    indices: readonly number[],
    permits: { docs?: Promise<BusinessDocument[]> } = {},
  ): Promise<Array<{ index: number; warnings: OrderWarning[] }>> {
    const needsDocs = rows.some((o) => WILDLIFE_PERMIT[o.material]);
    const docs = needsDocs ? await (permits.docs ??= this.documents.ofTypes(businessId, PERMIT_TYPES)) : [];
    const pairs = rows.filter((o) => o.destinationCountry === 'CN' && o.currency !== 'CNY').map((o): [string, string] => [o.currency, o.orderedOn]);
    const rates = pairs.length ? await this.orders.ratesWithCny(pairs) : new Map<string, { idr: number | null; cny: number | null }>();
    const out: Array<{ index: number; warnings: OrderWarning[] }> = [];
    rows.forEach((o, i) => {
      const rate = rates.get(`${o.currency}|${o.orderedOn}`);
      const valueCny = o.destinationCountry !== 'CN' ? null : valueInCny(major(o.amountMinor, o.minorUnits), o.currency, rate?.idr ?? null, rate?.cny ?? null);
      const validPermits = new Set(docs.filter((d) => documentValidOn(d, o.orderedOn)).map((d) => d.type));
      const { destinationCountry, material, declaration, weightKg } = o;
      const warnings = orderWarnings({ destinationCountry, material, declaration, weightKg, valueCny, validPermits });
      if (warnings.length) out.push({ index: indices[i], warnings });
    });
    return out;
  }
}
