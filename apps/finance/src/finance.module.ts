import { Module } from '@nestjs/common';
import { CustomerAccountResolver } from './customers/customer-account.resolver';
import { FINANCE_CONFIG, loadFinanceConfig } from './finance.config';
import { InvoicesService } from './invoices/invoices.service';

@Module({
  providers: [{ provide: FINANCE_CONFIG, useFactory: loadFinanceConfig }, InvoicesService, CustomerAccountResolver],
})
export class FinanceModule {}
