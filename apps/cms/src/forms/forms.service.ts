import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput, notFound, type Page } from '@platform/graphql';
import { AuditLog, SERVICE_CONFIG } from '@platform/service';
import { AssetsService } from '../assets/assets.service';
import { EntriesService } from '../entries/entries.service';
import type { CreateFormInput } from './dto/create-form.input';
import { emitContentDownloaded, emitFormSubmitted } from './form-events';
import { checkSubmission, filledHoneypot, FormFieldKind } from './form-rules';
import { type FormRow, FormsRepository, type SubmissionRow } from './forms.repository';

/** A download link is good for a day: long enough to open the mail, short enough not to become a public URL. */
const DOWNLOAD_VALID_SECONDS = 24 * 3600;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SubmissionOutcome {
  /** A gated download: where the file is fetched. */
  downloadUrl: string | null;
}

/** Forms, public submissions and gated downloads. */
@Injectable()
export class FormsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FormsRepository,
    private readonly entries: EntriesService,
    private readonly assets: AssetsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    @Inject(SERVICE_CONFIG) private readonly config: { CMS_PUBLIC_URL: string },
  ) {}

  async create(input: CreateFormInput, actor?: Identity): Promise<FormRow> {
    const fields = (input.fields ?? []).map((f) => ({ name: f.name, label: f.label, kind: f.kind, required: f.required ?? false, options: f.options ?? null }));
    const problems: Record<string, string[]> = {};
    const names = fields.map((f) => f.name);
    names.forEach((name, i) => names.indexOf(name) !== i && (problems[`fields.${name}`] = ['is defined twice']));
    for (const f of fields) if (f.kind === FormFieldKind.SELECT && !f.options?.length) problems[`fields.${f.name}`] = ['a SELECT needs options'];
    if (input.gatedAssetId && !input.entryId) problems.entryId = ['is required for a gated download: it names the content downloaded'];
    if (Object.keys(problems).length) throw badUserInput(`The form is not valid: ${Object.keys(problems).join(', ')}`, problems);
    return this.dataSource.transaction(async (manager) => {
      if (input.entryId && !(await this.entries.existsIn(manager, input.entryId))) throw notFound('Entry', input.entryId);
      if (input.gatedAssetId && (await this.assets.missingIn(manager, [input.gatedAssetId])).length) throw notFound('Asset', input.gatedAssetId);
      const form = await this.repository.insertIn(manager, {
        id: randomUUID(),
        name: input.name,
        entryId: input.entryId ?? null,
        fields,
        consentText: input.consentText,
        consentVersion: input.consentVersion,
        gatedAssetId: input.gatedAssetId ?? null,
        createdBy: actor?.sub ?? null,
      });
      await this.audit.record(manager, actor, 'createForm', form.id, { name: form.name });
      return form;
    });
  }

  /**
   * A visitor's submission. An unknown form and a form on content that is not
   * live answer the same NOT_FOUND, so neither drafts nor forms can be
   * discovered; a filled honeypot is answered as a success and stores
   * nothing. The submission, its download and its event commit together.
   */
  async submit(formId: string, raw: unknown): Promise<SubmissionOutcome> {
    const [form] = await this.repository.findByIds([formId]);
    const title = form?.entryId ? await this.entries.liveTitleIn(this.dataSource.manager, form.entryId) : undefined;
    if (!form || (form.entryId && title === undefined)) throw notFound('Form', formId);
    if (filledHoneypot(raw)) return { downloadUrl: null };
    const check = checkSubmission(form, raw);
    if (!check.ok) {
      throw badUserInput(
        `The submission is not valid: ${Object.entries(check.problems)
          .map(([f, p]) => `${f} ${p.join('; ')}`)
          .join(', ')}`,
        check.problems,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const submission = await this.repository.insertSubmissionIn(manager, {
        id: randomUUID(),
        formId: form.id,
        ...check.submission,
        consentText: form.consentText,
        consentVersion: form.consentVersion,
      });
      if (!form.gatedAssetId) {
        await emitFormSubmitted(this.outbox, manager, form, submission);
        return { downloadUrl: null };
      }
      const token = randomBytes(32).toString('base64url');
      const download = { id: randomUUID(), entryId: form.entryId!, title: title! };
      await this.repository.insertDownloadIn(manager, {
        id: download.id,
        submissionId: submission.id,
        entryId: download.entryId,
        assetId: form.gatedAssetId,
        tokenHash: hashToken(token),
        validForSeconds: DOWNLOAD_VALID_SECONDS,
      });
      await emitContentDownloaded(this.outbox, manager, download, submission);
      return { downloadUrl: `${this.config.CMS_PUBLIC_URL}/cms/public/downloads/${token}` };
    });
  }

  /** The asset a download link unlocks, while it is valid. */
  redeem(token: string): Promise<string | undefined> {
    return this.repository.redeem(hashToken(token));
  }

  async get(id: string): Promise<FormRow> {
    const [form] = await this.repository.findByIds([id]);
    if (!form) throw notFound('Form', id);
    return form;
  }

  list(first: number, after?: string | null): Promise<Page<FormRow>> {
    return this.repository.list(first, after);
  }

  async submissions(formId: string, first: number, after?: string | null): Promise<Page<SubmissionRow>> {
    await this.get(formId);
    return this.repository.submissions(formId, first, after);
  }
}
