import { Module } from '@nestjs/common';
import { DocumentsConsumer } from './consumers/documents.consumer';
import { CustomerAccountResolver } from './customers/customer-account.resolver';
import { CreditNotesService } from './invoices/credit-notes.service';
import { InvoicesRepository } from './invoices/invoices.repository';
import { InvoicesResolver } from './invoices/invoices.resolver';
import { InvoicesService } from './invoices/invoices.service';
import { AccountsService } from './ledger/accounts.service';
import { JournalService } from './ledger/journal.service';
import { AccountsResolver, JournalResolver, PeriodsResolver } from './ledger/ledger.resolver';
import { LedgerRepository } from './ledger/ledger.repository';
import { PeriodsService } from './ledger/periods.service';
import { BillsRepository } from './payables/bills.repository';
import { BillsResolver } from './payables/bills.resolver';
import { BillsService } from './payables/bills.service';
import { PaymentsRepository } from './payments/payments.repository';
import { InvoiceAllocationsResolver, PaymentsResolver } from './payments/payments.resolver';
import { PaymentsService } from './payments/payments.service';
import { RatesRepository } from './rates/rates.repository';
import { RatesResolver } from './rates/rates.resolver';
import { RatesService } from './rates/rates.service';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsResolver } from './reports/reports.resolver';
import { ReportsService } from './reports/reports.service';

/** The ledger, receivables, payments, payables, reports and the consumers that raise documents from other services' events. */
@Module({
  providers: [
    LedgerRepository,
    AccountsService,
    JournalService,
    PeriodsService,
    AccountsResolver,
    JournalResolver,
    PeriodsResolver,
    RatesRepository,
    RatesService,
    RatesResolver,
    InvoicesRepository,
    InvoicesService,
    CreditNotesService,
    InvoicesResolver,
    PaymentsRepository,
    PaymentsService,
    PaymentsResolver,
    InvoiceAllocationsResolver,
    BillsRepository,
    BillsService,
    BillsResolver,
    ReportsRepository,
    ReportsService,
    ReportsResolver,
    CustomerAccountResolver,
    DocumentsConsumer,
  ],
})
export class FinanceModule {}
