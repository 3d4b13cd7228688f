import type { EntityManager } from 'typeorm';
import { contentDownloadedV1, formSubmittedV1, type Outbox } from '@platform/events';
import type { FormRow, SubmissionRow } from './forms.repository';

const person = (s: SubmissionRow) => ({ email: s.email, firstName: s.firstName, lastName: s.lastName, company: s.company, anonymousId: s.anonymousId });

/** cms.form.submitted, as crm consumes it (version 1): the visitor, the form and the content it is on. */
export async function emitFormSubmitted(outbox: Outbox, manager: EntityManager, form: FormRow, submission: SubmissionRow): Promise<void> {
  await outbox.emit(
    manager,
    formSubmittedV1,
    form.id,
    {
      submissionId: submission.id,
      formId: form.id,
      formName: form.name,
      contentId: form.entryId,
      ...person(submission),
      fields: submission.fields,
      submittedAt: submission.submittedAt.toISOString(),
    },
    { time: submission.submittedAt },
  );
}

/** cms.content.downloaded, as crm consumes it (version 1): who unlocked which content. Keyed by the entry. */
export async function emitContentDownloaded(
  outbox: Outbox,
  manager: EntityManager,
  download: { id: string; entryId: string; title: string },
  submission: SubmissionRow,
): Promise<void> {
  await outbox.emit(
    manager,
    contentDownloadedV1,
    download.entryId,
    {
      downloadId: download.id,
      contentId: download.entryId,
      contentTitle: download.title,
      ...person(submission),
      downloadedAt: submission.submittedAt.toISOString(),
    },
    { time: submission.submittedAt },
  );
}
