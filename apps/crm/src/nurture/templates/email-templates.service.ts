import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, conflict, decodeCursor, type Page, toPage } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import type { CreateEmailTemplateInput } from './dto/create-email-template.input';
import type { EmailTemplate } from './email-template.model';
import { PLACEHOLDERS, unknownPlaceholders } from './template-render';

const COLUMNS = `id, name, subject, body, created_at AS "createdAt"`;

@Injectable()
export class EmailTemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(input: CreateEmailTemplateInput, actor?: Identity): Promise<EmailTemplate> {
    const fields: Record<string, string[]> = {};
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownPlaceholders(input[field]);
      if (unknown.length)
        fields[field] = [`unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`];
    }
    if (Object.keys(fields).length) throw badUserInput(`Template uses unknown placeholders: ${Object.values(fields).flat().join('; ')}`, fields);
    return this.dataSource.transaction(async (manager) => {
      const rows: EmailTemplate[] = await manager.query(
        `INSERT INTO email_templates (id, name, subject, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (lower(name)) DO NOTHING RETURNING ${COLUMNS}`,
        [randomUUID(), input.name, input.subject, input.body],
      );
      if (!rows.length) {
        const [existing] = await manager.query(`SELECT id FROM email_templates WHERE lower(name) = lower($1)`, [input.name]);
        throw conflict(`An email template named ${input.name} already exists (${existing.id})`, { existingId: existing.id });
      }
      await this.audit.record(manager, actor, 'createEmailTemplate', rows[0].id, { name: input.name });
      return rows[0];
    });
  }

  /** Oldest first on (created_at, id): email_templates_created_at_id_idx. */
  async list(first: number, after?: string | null): Promise<Page<EmailTemplate>> {
    const cursor = after ? decodeCursor(after) : null;
    const rows: EmailTemplate[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM email_templates
       WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
       ORDER BY created_at, id LIMIT $3`,
      [cursor?.at ?? null, cursor?.id ?? null, first + 1],
    );
    return toPage(rows, first);
  }
}
