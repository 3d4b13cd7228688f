import { Module } from '@nestjs/common';
import { CustomerAccountResolver } from './customers/customer-account.resolver';
import { InvoicesService } from './invoices/invoices.service';

@Module({
  providers: [InvoicesService, CustomerAccountResolver],
})
export class FinanceModule {}
