import { ArgsType, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { DateField, MoneyInput, NestedField, PageArgs, RecordIdField, TextUpToField, UuidField } from '@platform/graphql';

@InputType()
export class AllocationInput {
  @UuidField()
  invoiceId: string;

  @NestedField(MoneyInput, { description: "In the payment's currency." })
  amount: MoneyInput;
}

@InputType()
export class RecordPaymentInput {
  @UuidField({ description: 'The paying customer.' })
  customerId: string;

  @NestedField(MoneyInput)
  amount: MoneyInput;

  @DateField({ optional: true, description: 'Default today; the ledger date.' })
  receivedOn?: string | null;

  @TextUpToField(200, { trim: true, optional: true, description: 'The remittance reference; an open invoice number here is settled first.' })
  reference?: string | null;

  @NestedField(
    AllocationInput,
    {
      list: true,
      optional: true,
      description:
        'Strict allocation: exactly these (OVER_ALLOCATION beyond an invoice’s open amount or the payment). Left out: matched by reference, else oldest due first.',
    },
    IsArray(),
    ArrayMaxSize(1000),
  )
  allocations?: AllocationInput[] | null;
}

@ArgsType()
export class ApplyCreditArgs {
  @RecordIdField('Invoice')
  invoiceId: string;

  @NestedField(MoneyInput, { optional: true, description: 'Default: as much as is open and there is credit.' })
  amount?: MoneyInput | null;

  @DateField({ optional: true })
  date?: string | null;
}

@ArgsType()
export class PaymentArgs {
  @RecordIdField('Payment')
  paymentId: string;
}

@ArgsType()
export class PaymentsArgs extends PageArgs {
  @UuidField({ optional: true })
  customerId?: string | null;
}
