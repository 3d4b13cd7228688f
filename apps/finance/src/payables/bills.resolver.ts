import { ArgsType, Args, InputType, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  DateField,
  groupByKey,
  loaderFor,
  MoneyInput,
  moneyFromMinor,
  NestedField,
  PageArgs,
  RecordIdField,
  TextField,
  type RequestContext,
  toConnection,
  UuidField,
} from '@platform/graphql';
import { Allow } from '@platform/service';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { DocumentLineInput } from '../invoices/dto/invoice.inputs';
import { toDocumentLine } from '../invoices/invoice.mapper';
import { DocumentLine } from '../invoices/invoice.model';
import { Bill, BillConnection, Vendor } from './bill.model';
import type { BillLineRow, BillRow } from './bills.repository';
import { BillsService } from './bills.service';

@ArgsType()
export class BillArgs {
  @RecordIdField('Bill')
  billId: string;
}

@ArgsType()
export class PayBillArgs extends BillArgs {
  @NestedField(MoneyInput, { description: "In the bill's currency." })
  amount: MoneyInput;

  @DateField({ optional: true, description: 'Default today.' })
  paidOn?: string | null;
}

@ArgsType()
export class BillsArgs extends PageArgs {
  @UuidField({ optional: true })
  vendorId?: string | null;
}

@InputType()
export class CreateBillInput {
  @UuidField({ description: 'The vendor: inventory’s supplier id, or a new one.' })
  vendorId: string;

  @TextField(200, { description: 'The vendor’s name (kept as the latest given).' })
  vendorName: string;

  @DateField({ optional: true, description: 'Default today.' })
  issueDate?: string | null;

  @NestedField(DocumentLineInput, { list: true, description: 'One to 500 lines, in one currency.' }, IsArray(), ArrayMaxSize(500))
  lines: DocumentLineInput[];
}

const toBill = (row: BillRow): Bill => {
  const money = (minor: string | bigint) => moneyFromMinor(minor, row.currency);
  return {
    ...row,
    subtotal: money(row.subtotalMinor),
    tax: money(row.taxMinor),
    total: money(row.totalMinor),
    paid: money(row.paidMinor),
    openAmount: money(BigInt(row.totalMinor) - BigInt(row.paidMinor)),
  };
};

@Resolver(() => Bill)
export class BillsResolver {
  constructor(private readonly service: BillsService) {}

  @Allow('bill:read')
  @Query(() => Bill)
  async bill(@Args() { billId }: BillArgs): Promise<Bill> {
    return toBill(await this.service.get(billId));
  }

  @Allow('bill:read')
  @Query(() => BillConnection, { description: 'Vendor bills, oldest first; optionally one vendor’s.' })
  async bills(@Args() { first, after, vendorId }: BillsArgs): Promise<BillConnection> {
    const page = await this.service.list(first, after, vendorId ?? null);
    return toConnection({ ...page, nodes: page.nodes.map(toBill) }, (b) => ({ at: b.createdAt, id: b.id }));
  }

  @Allow('bill:read')
  @Query(() => [Vendor], { description: 'Vendors by name (up to 1,000).' })
  vendors(): Promise<Vendor[]> {
    return this.service.vendors();
  }

  @Allow('bill:post')
  @Mutation(() => Bill, { description: 'A draft bill entered by hand; bills of goods received come from inventory by themselves.' })
  async createBill(@Args('input') input: CreateBillInput, @Context() context: RequestContext): Promise<Bill> {
    return toBill(await this.service.create(input, context.identity));
  }

  @Allow('bill:post')
  @Mutation(() => Bill, { description: 'Posts a draft bill to accounts payable.' })
  async postBill(@Args() { billId }: BillArgs, @Context() context: RequestContext): Promise<Bill> {
    return toBill(await this.service.post(billId, context.identity));
  }

  @Allow('bill:pay')
  @Mutation(() => Bill, { description: 'Pays part or all of a posted bill. OVER_ALLOCATION beyond what is open.' })
  async payBill(@Args() { billId, amount, paidOn }: PayBillArgs, @Context() context: RequestContext): Promise<Bill> {
    return toBill(await this.service.pay(billId, amount, paidOn ?? null, context.identity));
  }

  @Allow('bill:read')
  @ResolveField(() => [DocumentLine])
  async lines(@Parent() bill: Bill, @Context() context: RequestContext): Promise<DocumentLine[]> {
    const rows = await loaderFor<string, BillLineRow[]>(context, 'billLines', async (ids) =>
      groupByKey(ids, await this.service.linesOf(ids), (l) => l.documentId),
    ).load(bill.id);
    return rows.map((l) => toDocumentLine(l, bill.currency));
  }
}
