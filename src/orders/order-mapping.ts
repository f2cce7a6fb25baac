/** Pure helpers of the orders service: an order row as the API shows it, the rates a batch needs, buyer keys. */
import { OrderDto } from './dto/order.dto';
import { buyerKey, formatAmount, NewOrder } from './order-input';
import { OrderRow } from './orders.repository';

export function toOrderDto(r: OrderRow, forOwner: boolean): OrderDto {
  return {
    id: r.id,
    businessId: r.business_id,
    externalRef: r.external_ref,
    orderedAt: r.ordered_at.toISOString(),
    orderedOn: r.ordered_on,
    destinationCountry: r.destination_country,
    ...(forOwner ? { buyerRef: r.buyer_ref } : {}),
    buyerId: r.buyer_key,
    productCategory: r.product_category,
    material: r.material,
    quantity: r.quantity,
    amount: formatAmount(r.amount_minor, r.minor_units),
    currency: r.currency,
    valueIdr: Number(r.value_idr),
    shippingChannel: r.shipping_channel,
    weightKg: r.weight_kg === null ? null : Number(r.weight_kg),
    hsCode: r.hs_code,
    createdAt: r.created_at.toISOString(),
    voidedAt: r.voided_at?.toISOString() ?? null,
    voidReason: r.void_reason,
    declaration: r.declaration,
    declaredBy: r.declared_by,
    originCertificate: r.origin_certificate,
  };
}

/** Currencies and dates in a batch, so a rate added moments ago in another process is seen. */
export function ratesNeeded(rows: unknown[]): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const o = r as Record<string, unknown> | null;
    if (o && typeof o.currency === 'string' && typeof o.orderedAt === 'string') {
      const cur = o.currency.trim().toUpperCase();
      const d = o.orderedAt.slice(0, 10);
      if (!out.has(cur) || out.get(cur)! > d) out.set(cur, d);
    }
  }
  return [...out];
}

/** The buyer key of each order. */
export function buyerKeys(secret: string, orders: NewOrder[]): string[] {
  // one HMAC per distinct buyer: bulk files repeat buyers a lot
  const cache = new Map<string, string>();
  return orders.map((o) => {
    let k = cache.get(o.buyerNorm);
    if (!k) cache.set(o.buyerNorm, (k = buyerKey(secret, o.buyerNorm)));
    return k;
  });
}
