import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';
import { InvoiceStatus } from '../invoices/invoice.model';

@ObjectType({ description: 'A supplier we owe money to: inventory’s supplier, created with its first bill.' })
export class Vendor {
  @Field(() => ID, { description: 'The supplier id inventory uses.' })
  id: string;

  @Field()
  name: string;
}

@ObjectType({ description: 'A vendor bill: what we owe a supplier, booked to accounts payable when posted.' })
export class Bill {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'BILL-YYYY-NNNNNN, gap-free per year; null while a draft.' })
  number: string | null;

  @Field(() => ID)
  vendorId: string;

  @Field(() => ID, { nullable: true })
  purchaseOrderId: string | null;

  @Field(() => ID, { nullable: true, description: 'The goods receipt it was raised from.' })
  receiptId: string | null;

  @Field(() => InvoiceStatus, { description: 'The same lifecycle as an invoice.' })
  status: InvoiceStatus;

  @Field()
  currency: string;

  @Field()
  issueDate: string;

  @Field()
  dueDate: string;

  @Field(() => Money)
  subtotal: Money;

  @Field(() => Money)
  tax: Money;

  @Field(() => Money)
  total: Money;

  @Field(() => Money)
  paid: Money;

  @Field(() => Money)
  openAmount: Money;

  @Field(() => ID, { nullable: true })
  entryId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class BillConnection extends Connection(Bill) {}
