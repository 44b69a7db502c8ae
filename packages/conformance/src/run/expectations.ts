/**
 * What the lookup must answer for every serial asked, derived from the scenario definitions and
 * the names Odoo gave the seeded records (order and picking names, ids), never from a lookup's
 * output. The rules are the lookup's contract (serial-lookup README, "Result").
 */
import { isKitName, type SerialResult } from "@jsm-odoo/serial-lookup";
import {
  COUNTRY_NAMES,
  ORDERS,
  type OrderKey,
  PARTNERS,
  type PartnerKey,
  PRODUCTS,
  type ProductKey,
  SERIALS,
  type SerialDef,
  SPELLINGS,
  UNKNOWN_SERIALS,
} from "../seed/scenario.ts";
import { lotKey, type SeededWorld } from "../seed/seed.ts";

/** Stands for any ISO 8601 UTC datetime (dates are Odoo's clock at seeding). */
export const ANY_DATETIME = "<any ISO datetime>";

type Event =
  | { kind: "receipt"; def: SerialDef }
  | { kind: "delivery"; def: SerialDef; order: OrderKey; sale: SerialDef["sales"][number] }
  | { kind: "return"; def: SerialDef; order: OrderKey };

const ORDER_SEQUENCE = Object.keys(ORDERS) as OrderKey[];
const key = (serial: string) => serial.toLowerCase();

/**
 * Every done move of the serial's lots in the order seeding made them: receipts in SERIALS
 * order, then deliveries and returns in ORDERS order (a reserved delivery is not done).
 */
function eventsOf(defs: readonly SerialDef[]): Event[] {
  const events: Event[] = defs.map((def) => ({ kind: "receipt", def }));
  for (const order of ORDER_SEQUENCE) {
    for (const def of defs) {
      for (const sale of def.sales) {
        if (sale.order !== order || ORDERS[order].reserveOnly) continue;
        events.push({ kind: "delivery", def, order, sale });
        if (ORDERS[order].returned) events.push({ kind: "return", def, order });
      }
    }
  }
  return events;
}

/**
 * The lookup requests to make, each with the answer expected per serial: every scenario serial
 * and the unknown ones in one request, then the other spellings in a second (one request asks
 * a serial once, whatever its case).
 */
export function expectedRequests(world: SeededWorld): Map<string, SerialResult>[] {
  const all = new Map<string, SerialResult>();
  for (const serial of new Set(SERIALS.map((def) => def.serial))) {
    all.set(serial, found(world, serial, serial));
  }
  for (const serial of UNKNOWN_SERIALS) all.set(serial, notFound(serial));
  const spelled = new Map<string, SerialResult>();
  for (const { asked, serial } of SPELLINGS) spelled.set(asked, found(world, asked, serial));
  return [all, spelled];
}

export function notFound(serial: string): SerialResult {
  return {
    serial_number: serial,
    found: false,
    lots: [],
    product_name: null,
    sale_order: null,
    delivery: null,
    returned: false,
    return_picking: null,
    customer: null,
    history: [],
    extra: {},
  };
}

function found(world: SeededWorld, asked: string, serial: string): SerialResult {
  const defs = SERIALS.filter((def) => key(def.serial) === key(serial));
  const events = eventsOf(defs);
  const deliveries = events.filter(
    (e): e is Extract<Event, { kind: "delivery" }> => e.kind === "delivery",
  );
  const latestDelivery = deliveries[deliveries.length - 1];
  const returned = events.filter((e) => e.kind !== "receipt").at(-1)?.kind === "return";
  const order = latestDelivery ? world.orders[latestDelivery.order] : undefined;
  const orderDef = latestDelivery ? ORDERS[latestDelivery.order] : undefined;
  const lots = lotsOf(world, defs, events);
  const serialLines = latestDelivery ? linesOf(latestDelivery) : [];
  const ownNames = [...new Set(lots.map((lot) => lot.product?.name ?? ""))];
  return {
    serial_number: asked,
    found: true,
    lots,
    product_name: productName(latestDelivery, ownNames),
    sale_order:
      order && orderDef
        ? {
            name: order.name,
            date_order: ANY_DATETIME,
            client_order_ref: orderDef.ref,
            state: "sale",
            lines: serialLines.map((line) => {
              const ordered = orderDef.lines.find((l) => l.product === line);
              return {
                description: `[${PRODUCTS[line].code}] ${PRODUCTS[line].name}`,
                product: PRODUCTS[line].name,
                // An extra delivered product's line (sale_stock) has quantity 0, no price.
                quantity: ordered?.quantity ?? 0,
                price_unit: ordered ? PRODUCTS[line].price : 0,
              };
            }),
          }
        : null,
    delivery:
      order && orderDef
        ? {
            name: order.delivery.name,
            date_done: ANY_DATETIME,
            scheduled_date: ANY_DATETIME,
            carrier_tracking_ref: orderDef.tracking ?? null,
            origin: order.name,
          }
        : null,
    returned,
    return_picking:
      returned && order?.returnPicking
        ? {
            name: order.returnPicking.name,
            date_done: ANY_DATETIME,
            origin: `Return of ${order.delivery.name}`,
          }
        : null,
    customer: orderDef
      ? {
          ...contact(orderDef.customer),
          delivery_address: address(orderDef.shipTo ?? orderDef.customer),
        }
      : null,
    history: events.map((event) => historyEntry(world, event)).reverse(),
    extra: {},
  };
}

/**
 * Kit preferred: the product of the delivery move's sale line; without one, the order's
 * whole-word "Kit" products; else the serial's own product(s).
 */
function productName(delivery: Extract<Event, { kind: "delivery" }> | undefined, own: string[]) {
  if (delivery?.sale.line) return PRODUCTS[delivery.sale.line].name;
  const kits = (delivery ? ORDERS[delivery.order].lines : [])
    .map((line) => PRODUCTS[line.product].name)
    .filter(isKitName);
  return (kits.length > 0 ? kits : own).join(", ");
}

/**
 * The serial's own sale line; a move without one (added by hand) falls back to the order's
 * lines for the serial's product, else its whole-word "Kit" lines.
 */
function linesOf(delivery: Extract<Event, { kind: "delivery" }>): ProductKey[] {
  if (delivery.sale.line) return [delivery.sale.line];
  const order = ORDERS[delivery.order];
  // Odoo added a line for each extra delivered product (sale_stock), after the ordered ones.
  const products = [
    ...order.lines.map((line) => line.product),
    ...(order.extraMoves ?? []).filter((p) => !order.lines.some((line) => line.product === p)),
  ];
  const own = products.filter((product) => product === delivery.def.product);
  return own.length > 0 ? own : products.filter((product) => isKitName(PRODUCTS[product].name));
}

/** Most recently moved first: the lot whose last done move came later. */
function lotsOf(world: SeededWorld, defs: readonly SerialDef[], events: readonly Event[]) {
  const lastMove = (def: SerialDef) => events.findLastIndex((event) => event.def === def);
  return [...defs]
    .sort((a, b) => lastMove(b) - lastMove(a))
    .map((def) => {
      const product = PRODUCTS[def.product];
      return {
        id: world.lots.get(lotKey(def.serial, def.product)) ?? -1,
        name: def.serial,
        ref: null,
        product: {
          id: world.products[def.product].id,
          name: product.name,
          default_code: product.code,
        },
        // Odoo 18 computes a lot's company from its product's (none here); before, it is required.
        company: world.major >= 18 ? null : world.places.company,
        create_date: ANY_DATETIME,
      };
    });
}

function historyEntry(world: SeededWorld, event: Event) {
  const { places } = world;
  if (event.kind === "receipt") {
    return {
      date: ANY_DATETIME,
      reference: world.receipts.get(lotKey(event.def.serial, event.def.product)) ?? null,
      from: places.vendors,
      to: places.stock,
      operation: places.receiptType,
    };
  }
  const order = world.orders[event.order];
  if (event.kind === "delivery") {
    return {
      date: ANY_DATETIME,
      reference: order.delivery.name,
      from: places.stock,
      to: places.customers,
      operation: places.deliveryType,
    };
  }
  return {
    date: ANY_DATETIME,
    reference: order.returnPicking?.name ?? null,
    from: places.customers,
    to: places.stock,
    operation: order.returnPicking?.operation ?? null,
  };
}

function contact(partner: PartnerKey) {
  const def = PARTNERS[partner];
  return {
    name: def.name,
    ref: def.ref ?? null,
    vat: def.vat ?? null,
    email: def.email ?? null,
    phone: def.phone ?? null,
  };
}

function address(partner: PartnerKey) {
  const def = PARTNERS[partner];
  return {
    name: def.name,
    street: def.street ?? null,
    street2: def.street2 ?? null,
    zip: def.zip ?? null,
    city: def.city ?? null,
    // Odoo's res.country.state display name adds the country code: "Vestland (NO)".
    state: def.state && def.country ? `${def.state} (${def.country})` : null,
    country: def.country ? (COUNTRY_NAMES[def.country] ?? null) : null,
  };
}
