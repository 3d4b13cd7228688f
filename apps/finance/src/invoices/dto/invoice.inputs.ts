import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional } from 'class-validator';
import { DateField, MoneyInput, NestedField, PageArgs, RecordIdField, TextField, TextUpToField, UuidField } from '@platform/graphql';
import { QuantityField, TaxRateField } from '../../shared/inputs';
import { InvoiceStatus } from '../invoice.model';

@InputType()
export class DocumentLineInput {
  @UuidField({ optional: true, description: 'The inventory product, when the line sells one.' })
  productId?: string | null;

  @TextUpToField(500, { trim: true, optional: true, description: 'Up to 500 characters; default: the product.' })
  description?: string | null;

  @QuantityField()
  quantity: number;

  @NestedField(MoneyInput)
  unitPrice: MoneyInput;

  @TaxRateField()
  taxRate?: string | null;
}

@InputType({ isAbstract: true })
class InvoiceContent {
  @NestedField(DocumentLineInput, { list: true, description: 'One to 500 lines, in one currency.' }, IsArray(), ArrayMaxSize(500))
  lines: DocumentLineInput[];

  @DateField({ optional: true, description: 'YYYY-MM-DD; default today. The ledger date when posted.' })
  issueDate?: string | null;

  @DateField({ optional: true, description: 'YYYY-MM-DD; default 30 days after the issue date.' })
  dueDate?: string | null;

  @TextUpToField(1000, { trim: true, optional: true })
  memo?: string | null;
}

@InputType()
export class CreateInvoiceInput extends InvoiceContent {
  @UuidField({ description: 'The customer (a crm Customer id).' })
  customerId: string;
}

@InputType()
export class UpdateInvoiceInput extends InvoiceContent {}

@ArgsType()
export class UpdateInvoiceArgs {
  @RecordIdField('Invoice')
  invoiceId: string;

  @NestedField(UpdateInvoiceInput)
  input: UpdateInvoiceInput;
}

@ArgsType()
export class InvoiceArgs {
  @RecordIdField('Invoice')
  invoiceId: string;
}

@ArgsType()
export class CancelInvoiceArgs extends InvoiceArgs {
  @TextField(500, { description: 'Why, 1 to 500 characters.' })
  reason: string;

  @DateField({ optional: true, description: "The credit note's date; default today." })
  date?: string | null;
}

@ArgsType()
export class IssueCreditNoteArgs extends CancelInvoiceArgs {
  @NestedField(MoneyInput, { optional: true, description: "With tax, in the invoice's currency; default: all that is open." })
  amount?: MoneyInput | null;
}

@ArgsType()
export class InvoicesArgs extends PageArgs {
  @UuidField({ optional: true })
  customerId?: string | null;

  @Field(() => InvoiceStatus, { nullable: true })
  @IsOptional()
  @IsEnum(InvoiceStatus)
  status?: InvoiceStatus | null;
}

@ArgsType()
export class CustomerInvoicesArgs extends PageArgs {
  @Field(() => InvoiceStatus, { nullable: true })
  @IsOptional()
  @IsEnum(InvoiceStatus)
  status?: InvoiceStatus | null;
}
