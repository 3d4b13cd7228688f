import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import { isRecord, json } from '../shared/json-column';
import { type FormField, FormFieldKind } from './form-rules';

const KINDS = new Set<string>(Object.values(FormFieldKind));
const isFormFields = (value: unknown): value is FormField[] =>
  Array.isArray(value) && value.every((f) => isRecord(f) && typeof f.name === 'string' && typeof f.kind === 'string' && KINDS.has(f.kind));
const isTextRecord = (value: unknown): value is Record<string, string> => isRecord(value) && Object.values(value).every((v) => typeof v === 'string');

export const formsTable = defineTable('forms', 'f', {
  id: uuid(),
  name: text(),
  entryId: uuid().nullable(),
  fields: json(isFormFields, 'a list of form fields'),
  consentText: text(),
  consentVersion: text(),
  gatedAssetId: uuid().nullable(),
  createdBy: text().nullable(),
  createdAt: timestamptz(),
});
export type FormRow = RowOf<typeof formsTable>;

export const submissionsTable = defineTable('form_submissions', 's', {
  id: uuid(),
  formId: uuid(),
  email: text(),
  firstName: text().nullable(),
  lastName: text().nullable(),
  company: text().nullable(),
  anonymousId: text().nullable(),
  fields: json(isTextRecord, 'an object of texts'),
  consentText: text(),
  consentVersion: text(),
  submittedAt: timestamptz(),
});
export type SubmissionRow = RowOf<typeof submissionsTable>;

const downloadsTable = defineTable('downloads', 'd', {
  id: uuid(),
  submissionId: uuid(),
  entryId: uuid(),
  assetId: uuid(),
  expiresAt: timestamptz(),
  fetches: text('d.fetches::text'),
});

const F = formsTable.columns;
const S = submissionsTable.columns;

/** All SQL of forms, form_submissions and downloads. */
@Injectable()
export class FormsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertIn(manager: EntityManager, form: Omit<FormRow, 'createdAt'>): Promise<FormRow> {
    const row = await formsTable.one(
      manager,
      `INSERT INTO forms AS f (id, name, entry_id, fields, consent_text, consent_version, gated_asset_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${F}`,
      [form.id, form.name, form.entryId, JSON.stringify(form.fields), form.consentText, form.consentVersion, form.gatedAssetId, form.createdBy],
    );
    return row!;
  }

  findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<FormRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return formsTable.many(db, `SELECT ${F} FROM forms f WHERE f.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  async insertSubmissionIn(manager: EntityManager, s: Omit<SubmissionRow, 'submittedAt'>): Promise<SubmissionRow> {
    const row = await submissionsTable.one(
      manager,
      `INSERT INTO form_submissions AS s (id, form_id, email, first_name, last_name, company, anonymous_id, fields, consent_text, consent_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${S}`,
      [s.id, s.formId, s.email, s.firstName, s.lastName, s.company, s.anonymousId, JSON.stringify(s.fields), s.consentText, s.consentVersion],
    );
    return row!;
  }

  async insertDownloadIn(
    manager: EntityManager,
    d: { id: string; submissionId: string; entryId: string; assetId: string; tokenHash: string; validForSeconds: number },
  ): Promise<{ createdAt: Date }> {
    const rows: { created_at: Date }[] = await manager.query(
      `INSERT INTO downloads (id, submission_id, entry_id, asset_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING created_at`,
      [d.id, d.submissionId, d.entryId, d.assetId, d.tokenHash, d.validForSeconds],
    );
    return { createdAt: rows[0].created_at };
  }

  /** The asset a download token unlocks while it is valid, counting the fetch. */
  async redeem(tokenHash: string): Promise<string | undefined> {
    const row = await downloadsTable.one(
      this.dataSource,
      `UPDATE downloads AS d SET fetches = d.fetches + 1 WHERE d.token_hash = $1 AND d.expires_at > now() RETURNING ${downloadsTable.columns}`,
      [tokenHash],
    );
    return row?.assetId;
  }

  async list(first: number, after?: string | null): Promise<Page<FormRow>> {
    const parameters: unknown[] = [first + 1];
    let where = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      parameters.push(at, id);
      where = `WHERE (f.created_at, f.id) > ($2::timestamptz, $3::uuid)`;
    }
    return toPage(await formsTable.many(this.dataSource, `SELECT ${F} FROM forms f ${where} ORDER BY f.created_at, f.id LIMIT $1`, parameters), first);
  }

  async submissions(formId: string, first: number, after?: string | null): Promise<Page<SubmissionRow>> {
    const parameters: unknown[] = [formId, first + 1];
    let keyset = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      parameters.push(at, id);
      keyset = `AND (s.submitted_at, s.id) > ($3::timestamptz, $4::uuid)`;
    }
    return toPage(
      await submissionsTable.many(
        this.dataSource,
        `SELECT ${S} FROM form_submissions s WHERE s.form_id = $1 ${keyset} ORDER BY s.submitted_at, s.id LIMIT $2`,
        parameters,
      ),
      first,
    );
  }
}
