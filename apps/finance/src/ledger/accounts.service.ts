import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { conflict, DomainError, notFound } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import type { AccountType } from './ledger.model';
import { type AccountRow, LedgerRepository } from './ledger.repository';

/** The accounts postings use by themselves, by their system key (seeded by the ledger migration). */
const SYSTEM_ACCOUNTS = [
  'cash',
  'bank',
  'receivable',
  'inventory',
  'payable',
  'tax',
  'customer_credit',
  'retained_earnings',
  'revenue',
  'cogs',
  'expense',
  'fx',
] as const;
export type SystemAccount = (typeof SYSTEM_ACCOUNTS)[number];
export type SystemAccounts = Record<SystemAccount, string>;

/** The chart of accounts: seeded by the ledger migration, editable; an account with postings stays. */
@Injectable()
export class AccountsService {
  private system?: Promise<SystemAccounts>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: LedgerRepository,
    private readonly audit: AuditLog,
  ) {}

  list(): Promise<AccountRow[]> {
    return this.repository.accounts();
  }

  async get(id: string): Promise<AccountRow> {
    const row = await this.repository.account(this.dataSource, id);
    if (!row) throw notFound('Account', id);
    return row;
  }

  /** The ids of the system accounts (their keys never change, so they are read once). */
  systemIds(): Promise<SystemAccounts> {
    this.system ??= this.repository.accounts().then((rows) => {
      const byKey = new Map(rows.map((r) => [r.systemKey, r.id]));
      const ids = {} as SystemAccounts;
      for (const key of SYSTEM_ACCOUNTS) {
        const id = byKey.get(key);
        if (!id) throw new Error(`finance: system account ${key} is missing from the chart of accounts`);
        ids[key] = id;
      }
      return ids;
    });
    // A failed read (the database not up yet) is tried again by the next caller.
    this.system.catch(() => (this.system = undefined));
    return this.system;
  }

  async create(input: { code: string; name: string; type: AccountType }, actor?: Identity): Promise<AccountRow> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.insertAccount(manager, input);
      if (!row) throw conflict(`An account with code ${input.code} already exists`, { accountCode: input.code });
      await this.audit.record(manager, actor, 'createAccount', row.id, { code: input.code });
      return row;
    });
  }

  async rename(id: string, name: string, actor?: Identity): Promise<AccountRow> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.renameAccount(manager, id, name);
      if (!row) throw notFound('Account', id);
      await this.audit.record(manager, actor, 'updateAccount', id, { name });
      return row;
    });
  }

  async delete(id: string, actor?: Identity): Promise<string> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const account = await this.repository.account(manager, id);
      if (!account) throw notFound('Account', id);
      if (!(await this.repository.deleteUnused(manager, id))) {
        throw new DomainError(
          FinanceErrorCode.AccountInUse,
          `Account ${account.code} ${account.systemKey ? 'is used by postings of documents' : 'has postings'} and cannot be deleted`,
          { accountId: id },
        );
      }
      await this.audit.record(manager, actor, 'deleteAccount', id, { code: account.code });
      return id;
    });
  }
}
