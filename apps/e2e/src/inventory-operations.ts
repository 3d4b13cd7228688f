import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';
import { eventually } from '@platform/testing';

type Operations = Record<string, (client: GraphQLClient) => Promise<unknown>>;
type Ids<K extends string> = Record<K, { id: string }>;

const eur = (amount: string) => ({ amount, currency: 'EUR' });

/**
 * The inventory rows of the authorisation matrix. Records an operation
 * consumes (a hold, an order to ship, a draft to place) are made fresh for
 * each call by the admin, so every role meets the same state.
 */
export function inventoryOperations(admin: GraphQLClient, customerId: () => string): Operations {
  const product = async (stock = 10): Promise<string> => {
    const sku = `MX-${randomUUID().slice(0, 8)}`;
    const { createProduct } = await admin.request<Ids<'createProduct'>>(`mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`, {
      i: { sku, name: `Matrix ${sku}`, unitOfMeasure: 'pcs', listPrice: eur('9.00'), standardCost: eur('4.00') },
    });
    if (stock)
      await admin.request(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { onHand } }`, {
        i: { productId: createProduct.id, quantity: stock, unitCost: eur('4.00') },
      });
    return createProduct.id;
  };
  const hold = async () => {
    const { reserveStock } = await admin.request<Ids<'reserveStock'>>(`mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`, {
      i: { productId: await product(), quantity: 1, expiresInSeconds: 3600 },
    });
    return reserveStock.id;
  };
  /** A won deal's sales order, once inventory has made it from crm.deal.won. */
  const order = async (): Promise<string> => {
    const productId = await product();
    const { createDeal } = await admin.request<Ids<'createDeal'>>(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
      i: { name: 'Matrix order', customerId: customerId(), lineItems: [{ productId, quantity: 2, unitPrice: eur('9.00') }] },
    });
    await admin.request(`mutation($d: ID!) { winDeal(dealId: $d, reason: "Signed") { id } }`, { d: createDeal.id });
    return eventually(async () => {
      const { salesOrders } = await admin.request<{ salesOrders: { nodes: { id: string; dealId: string }[] } }>(
        `query($c: ID) { salesOrders(first: 100, customerId: $c) { nodes { id dealId } } }`,
        { c: customerId() },
      );
      return salesOrders.nodes.find((o) => o.dealId === createDeal.id)?.id;
    }, 'the sales order of a won deal');
  };
  const supplier = async () =>
    (await admin.request<Ids<'createSupplier'>>(`mutation { createSupplier(input: { name: "Matrix supplier" }) { id } }`)).createSupplier.id;
  const draft = async () => {
    const { createPurchaseOrder } = await admin.request<Ids<'createPurchaseOrder'>>(
      `mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id } }`,
      {
        i: { supplierId: await supplier(), lines: [{ productId: await product(0), quantity: 3, unitCost: eur('4.00') }] },
      },
    );
    return createPurchaseOrder.id;
  };
  const placed = async () => {
    const id = await draft();
    await admin.request(`mutation($id: ID!) { placePurchaseOrder(id: $id) { id } }`, { id });
    return id;
  };
  const warehouse = async () =>
    (
      await admin.request<Ids<'createWarehouse'>>(`mutation($c: String!) { createWarehouse(input: { code: $c, name: "Matrix" }) { id } }`, {
        c: `MX${randomUUID().slice(0, 8)}`,
      })
    ).createWarehouse.id;

  const defaultWarehouse = async () => {
    const { warehouses } = await admin.request<{ warehouses: { nodes: { id: string; isDefault: boolean }[] } }>(
      `{ warehouses(first: 100) { nodes { id isDefault } } }`,
    );
    const found = warehouses.nodes.find((w) => w.isDefault);
    if (!found) throw new Error('no default warehouse');
    return found.id;
  };

  return {
    'Query.product': async (c) => c.request(`query($id: ID!) { product(id: $id) { id sku } }`, { id: await product(0) }),
    'Query.products': (c) => c.request(`{ products(first: 1) { nodes { id } } }`),
    'Product.standardCost': async (c) => c.request(`query($id: ID!) { product(id: $id) { standardCost { amount } } }`, { id: await product(0) }),
    'Product.stock': async (c) => c.request(`query($id: ID!) { product(id: $id) { available stock { onHand reserved available } } }`, { id: await product(1) }),
    'Mutation.createProduct': (c) =>
      c.request(`mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`, {
        i: { sku: `MC-${randomUUID().slice(0, 8)}`, name: 'M', unitOfMeasure: 'pcs', listPrice: eur('1.00'), standardCost: eur('1.00') },
      }),
    'Mutation.updateProduct': async (c) =>
      c.request(`mutation($id: ID!) { updateProduct(id: $id, input: { name: "Renamed" }) { id } }`, { id: await product(0) }),
    'Query.warehouses': (c) => c.request(`{ warehouses(first: 1) { nodes { id } } }`),
    'Mutation.createWarehouse': (c) =>
      c.request(`mutation($c: String!) { createWarehouse(input: { code: $c, name: "M" }) { id } }`, { c: `MW${randomUUID().slice(0, 8)}` }),
    'Query.stockMovements': (c) => c.request(`{ stockMovements(first: 1) { nodes { id } } }`),
    'Query.stockCheck': (c) => c.request(`{ stockCheck { consistent } }`),
    'Query.inventoryAuditLog': (c) => c.request(`{ inventoryAuditLog(first: 1) { id } }`),
    'Mutation.receiveStock': async (c) =>
      c.request(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { onHand } }`, {
        i: { productId: await product(0), quantity: 1, unitCost: eur('1.00') },
      }),
    'Mutation.adjustStock': async (c) =>
      c.request(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }`, { i: { productId: await product(), quantity: -1, reason: 'count' } }),
    'Mutation.transferStock': async (c) =>
      c.request(`mutation($i: TransferStockInput!) { transferStock(input: $i) { onHand } }`, {
        i: {
          productId: await product(),
          fromWarehouseId: await defaultWarehouse(),
          toWarehouseId: await warehouse(),
          quantity: 1,
        },
      }),
    'Mutation.reserveStock': async (c) =>
      c.request(`mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`, { i: { productId: await product(), quantity: 1 } }),
    'Mutation.confirmReservation': async (c) => c.request(`mutation($id: ID!) { confirmReservation(id: $id) { id } }`, { id: await hold() }),
    'Mutation.releaseReservation': async (c) => c.request(`mutation($id: ID!) { releaseReservation(id: $id) { id } }`, { id: await hold() }),
    'Query.salesOrder': async (c) => c.request(`query($id: ID!) { salesOrder(id: $id) { id lines { reserved } } }`, { id: await order() }),
    'Query.salesOrders': (c) => c.request(`{ salesOrders(first: 1) { nodes { id } } }`),
    'Mutation.shipSalesOrder': async (c) => c.request(`mutation($id: ID!) { shipSalesOrder(orderId: $id) { status } }`, { id: await order() }),
    'Mutation.cancelSalesOrder': async (c) =>
      c.request(`mutation($id: ID!) { cancelSalesOrder(orderId: $id, reason: "Matrix") { status } }`, { id: await order() }),
    'Query.suppliers': (c) => c.request(`{ suppliers(first: 1) { nodes { id } } }`),
    'Mutation.createSupplier': (c) => c.request(`mutation { createSupplier(input: { name: "M" }) { id } }`),
    'Mutation.setReorderRule': async (c) =>
      c.request(`mutation($i: ReorderRuleInput!) { setReorderRule(input: $i) { id } }`, {
        i: { productId: await product(0), supplierId: await supplier(), minimum: 1, maximum: 5 },
      }),
    'Query.purchaseOrder': async (c) => c.request(`query($id: ID!) { purchaseOrder(id: $id) { id lines { quantity } } }`, { id: await draft() }),
    'Query.purchaseOrders': (c) => c.request(`{ purchaseOrders(first: 1) { nodes { id } } }`),
    'Mutation.createPurchaseOrder': async (c) =>
      c.request(`mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id } }`, {
        i: { supplierId: await supplier(), lines: [{ productId: await product(0), quantity: 1, unitCost: eur('1.00') }] },
      }),
    'Mutation.placePurchaseOrder': async (c) => c.request(`mutation($id: ID!) { placePurchaseOrder(id: $id) { status } }`, { id: await draft() }),
    'Mutation.receivePurchaseOrder': async (c) =>
      c.request(`mutation($id: ID!) { receivePurchaseOrder(purchaseOrderId: $id) { status } }`, { id: await placed() }),
  };
}
