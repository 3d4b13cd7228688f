import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';

export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  roles: string[];
  action: string;
  target: string;
  ip: string | null;
}

/** The service's audit trail of privileged mutations. */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an action inside the mutation's own transaction: no audit row without the change, no change without it. */
  async record(manager: EntityManager, actor: Identity | undefined, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
    await manager.query(`INSERT INTO audit_log (actor, roles, action, target, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`, [
      actor?.sub ?? 'unknown',
      actor?.roles ?? [],
      action,
      target,
      actor?.ip ?? null,
      JSON.stringify(details),
    ]);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. (Ordered by the bigint column, not the text it is read as.) */
  list(first: number, before?: string | null): Promise<AuditRecord[]> {
    return this.dataSource.query(
      `SELECT id::text, at, actor, roles, action, target, ip FROM audit_log
        WHERE ($2::bigint IS NULL OR audit_log.id < $2::bigint) ORDER BY audit_log.id DESC LIMIT $1`,
      [first, before ?? null],
    );
  }
}
