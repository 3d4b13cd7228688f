import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, Money } from '@platform/graphql';
import { Product } from '../shared/product.model';

export enum InvoiceStatus {
  DRAFT = 'draft',
  POSTED = 'posted',
  PARTIALLY_PAID = 'partially_paid',
  PAID = 'paid',
  CANCELLED = 'cancelled',
}
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'DRAFT -> POSTED (numbered, on the ledger) -> PARTIALLY_PAID -> PAID; a posted invoice is CANCELLED only by a credit note.',
});

@ObjectType({ description: 'One line of an invoice or bill; tax is computed and rounded (half up) on each line.' })
export class DocumentLine {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  position: number;

  @Field(() => Product, { nullable: true, description: 'The inventory product sold, when the line is one.' })
  product: Product | null;

  @Field()
  description: string;

  @Field(() => Int)
  quantity: number;

  @Field(() => Money)
  unitPrice: Money;

  @Field({ description: 'Percent, e.g. "20" or "7.25".' })
  taxRate: string;

  @Field(() => Money, { description: 'quantity × unitPrice.' })
  net: Money;

  @Field(() => Money, { description: 'net × taxRate, rounded half up to the minor unit.' })
  tax: Money;
}

@ObjectType({ description: 'A customer invoice.' })
export class Invoice {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'INV-YYYY-NNNNNN, gap-free per year; null while a draft.' })
  number: string | null;

  @Field(() => ID)
  customerId: string;

  @Field(() => InvoiceStatus)
  status: InvoiceStatus;

  @Field({ description: 'ISO 4217; the document keeps its currency.' })
  currency: string;

  @Field({ description: 'YYYY-MM-DD; the ledger date when posted.' })
  issueDate: string;

  @Field({ description: 'YYYY-MM-DD.' })
  dueDate: string;

  @Field(() => ID, { nullable: true })
  dealId: string | null;

  @Field(() => ID, { nullable: true })
  orderId: string | null;

  @Field(() => String, { nullable: true })
  memo: string | null;

  @Field(() => Money)
  subtotal: Money;

  @Field(() => Money, { description: 'Sum of the lines’ rounded taxes.' })
  tax: Money;

  @Field(() => Money)
  total: Money;

  @Field(() => Money, { description: 'Allocated from payments and customer credit.' })
  paid: Money;

  @Field(() => Money, { description: 'Credited by credit notes.' })
  credited: Money;

  @Field(() => Money, { description: 'total − paid − credited.' })
  openAmount: Money;

  @Field({ description: 'Functional currency units per unit of the invoice currency, fixed when posted.' })
  exchangeRate: string;

  @Field(() => ID, { nullable: true, description: 'The journal entry that posted it.' })
  entryId: string | null;

  @Field(() => Date, { nullable: true })
  postedAt: Date | null;

  @Field(() => Date, { nullable: true })
  paidAt: Date | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class InvoiceConnection extends Connection(Invoice) {}

@ObjectType({ description: 'A credit against a posted invoice: reduces what is owed and reverses its revenue and tax in proportion.' })
export class CreditNote {
  @Field(() => ID)
  id: string;

  @Field({ description: 'CN-YYYY-NNNNNN, gap-free per year.' })
  number: string;

  @Field(() => ID)
  invoiceId: string;

  @Field(() => ID)
  customerId: string;

  @Field(() => Money, { description: 'Including tax.' })
  amount: Money;

  @Field(() => Money)
  tax: Money;

  @Field()
  reason: string;

  @Field()
  issueDate: string;

  @Field(() => ID)
  entryId: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'A document rendered as PDF.' })
export class PdfDocument {
  @Field()
  filename: string;

  @Field()
  contentType: string;

  @Field({ description: 'The PDF bytes, base64.' })
  base64: string;
}
