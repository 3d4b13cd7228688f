import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { DomainError } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { PeriodStatus } from './ledger.model';
import { LedgerRepository, type PeriodRow } from './ledger.repository';

/** Fiscal periods (calendar months): closing is an explicit command; reopening is a separate, audited one. */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LedgerRepository,
    private readonly audit: AuditLog,
  ) {}

  list(year: number): Promise<PeriodRow[]> {
    return this.repository.periods(year);
  }

  /** Waits for postings in flight into the period (they share-lock it), then closes it. */
  close(startsOn: string, actor?: Identity): Promise<PeriodRow> {
    return this.setStatus(startsOn, PeriodStatus.CLOSED, 'closePeriod', actor);
  }

  reopen(startsOn: string, reason: string, actor?: Identity): Promise<PeriodRow> {
    return this.setStatus(startsOn, PeriodStatus.OPEN, 'reopenPeriod', actor, { reason });
  }

  private async setStatus(startsOn: string, status: PeriodStatus, action: string, actor?: Identity, details: Record<string, unknown> = {}): Promise<PeriodRow> {
    return this.dataSource.transaction(async (manager) => {
      const period = await this.repository.lockPeriod(manager, startsOn);
      if (period.status === status) {
        throw new DomainError(FinanceErrorCode.PeriodState, `The fiscal period starting ${startsOn} is already ${status}`, { period: startsOn, status });
      }
      const row = await this.repository.setPeriodStatus(manager, startsOn, status, actor?.sub ?? null);
      await this.audit.record(manager, actor, action, startsOn, details);
      return row;
    });
  }
}
