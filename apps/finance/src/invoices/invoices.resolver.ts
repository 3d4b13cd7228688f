import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKey, loaderFor, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { toMinor } from '../shared/amounts';
import { CreditNotesService } from './credit-notes.service';
import { CancelInvoiceArgs, CreateInvoiceInput, InvoiceArgs, InvoicesArgs, IssueCreditNoteArgs, UpdateInvoiceArgs } from './dto/invoice.inputs';
import { toCreditNote, toDocumentLine, toInvoice } from './invoice.mapper';
import { CreditNote, DocumentLine, Invoice, InvoiceConnection, PdfDocument } from './invoice.model';
import { renderInvoicePdf } from './invoice-pdf';
import type { InvoiceLineRow } from './invoices.repository';
import { InvoicesService } from './invoices.service';

@Resolver(() => Invoice)
export class InvoicesResolver {
  constructor(
    private readonly service: InvoicesService,
    private readonly notes: CreditNotesService,
  ) {}

  @Allow('invoice:read')
  @Query(() => Invoice, { description: 'One invoice; NOT_FOUND if there is none with this id.' })
  async invoice(@Args() { invoiceId }: InvoiceArgs): Promise<Invoice> {
    return toInvoice(await this.service.get(invoiceId));
  }

  @Allow('invoice:read')
  @Query(() => InvoiceConnection, { description: 'Invoices, oldest first; optionally one customer’s and of one status.' })
  async invoices(@Args() { first, after, customerId, status }: InvoicesArgs): Promise<InvoiceConnection> {
    const page = await this.service.list(first, after, { customerId, status });
    return toConnection({ ...page, nodes: page.nodes.map(toInvoice) }, (i) => ({ at: i.createdAt, id: i.id }));
  }

  @Allow('invoice:write')
  @Mutation(() => Invoice, { description: 'A draft invoice: lines with their tax rates, in one currency.' })
  async createInvoice(@Args('input') input: CreateInvoiceInput, @Context() context: RequestContext): Promise<Invoice> {
    return toInvoice(await this.service.createDraft(input, context.identity));
  }

  @Allow('invoice:write')
  @Mutation(() => Invoice, { description: 'Replaces a draft’s lines and dates. ILLEGAL_DOCUMENT_STATE once posted.' })
  async updateInvoice(@Args() { invoiceId, input }: UpdateInvoiceArgs, @Context() context: RequestContext): Promise<Invoice> {
    return toInvoice(await this.service.updateDraft(invoiceId, input, context.identity));
  }

  @Allow('invoice:post')
  @Mutation(() => Invoice, {
    description: 'Posts a draft: numbered (gap-free per year), booked to receivables, revenue and tax. PERIOD_CLOSED, RATE_MISSING, ILLEGAL_DOCUMENT_STATE.',
  })
  async postInvoice(@Args() { invoiceId }: InvoiceArgs, @Context() context: RequestContext): Promise<Invoice> {
    return toInvoice(await this.service.post(invoiceId, context.identity));
  }

  @Allow('invoice:credit')
  @Mutation(() => Invoice, {
    description: 'Cancels a draft, or a posted invoice with nothing paid by a credit note for all of it. CREDIT_NOTE_REQUIRED once payments are allocated.',
  })
  async cancelInvoice(@Args() { invoiceId, reason, date }: CancelInvoiceArgs, @Context() context: RequestContext): Promise<Invoice> {
    return toInvoice(await this.notes.cancel(invoiceId, reason, date ?? null, context.identity));
  }

  @Allow('invoice:credit')
  @Mutation(() => CreditNote, { description: 'Credits part or all of what is open on a posted invoice. OVER_ALLOCATION beyond the open amount.' })
  async issueCreditNote(@Args() { invoiceId, amount, reason, date }: IssueCreditNoteArgs, @Context() context: RequestContext): Promise<CreditNote> {
    const minor = amount ? toMinor(amount, 'amount') : null;
    return toCreditNote(await this.notes.issue(invoiceId, minor, reason, date ?? null, context.identity));
  }

  @Allow('invoice:read')
  @ResolveField(() => [DocumentLine])
  async lines(@Parent() invoice: Invoice, @Context() context: RequestContext): Promise<DocumentLine[]> {
    const rows = await loaderFor<string, InvoiceLineRow[]>(context, 'invoiceLines', async (ids) =>
      groupByKey(ids, await this.service.linesOf(ids), (l) => l.documentId),
    ).load(invoice.id);
    return rows.map((l) => toDocumentLine(l, invoice.currency));
  }

  @Allow('invoice:read')
  @ResolveField(() => [CreditNote])
  creditNotes(@Parent() invoice: Invoice, @Context() context: RequestContext): Promise<CreditNote[]> {
    return loaderFor<string, CreditNote[]>(context, 'invoiceCreditNotes', async (ids) =>
      groupByKey(ids, (await this.notes.creditNotesOf(ids)).map(toCreditNote), (c) => c.invoiceId),
    ).load(invoice.id);
  }

  @Allow('invoice:read')
  @ResolveField(() => PdfDocument, { description: 'The invoice as a PDF, base64.' })
  async pdf(@Parent() invoice: Invoice): Promise<PdfDocument> {
    const lines = (await this.service.linesOf([invoice.id])).map((l) => toDocumentLine(l, invoice.currency));
    const bytes = await renderInvoicePdf(invoice, lines);
    return { filename: `${invoice.number ?? `draft-${invoice.id}`}.pdf`, contentType: 'application/pdf', base64: bytes.toString('base64') };
  }
}
