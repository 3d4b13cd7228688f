import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type InvoiceStatus = 'open' | 'paid' | 'void';

/** An accounts-receivable invoice, in the company's functional currency. */
@Entity({ name: 'invoices' })
export class InvoiceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('text')
  number: string;

  @Column('bigint', { name: 'total_minor' })
  totalMinor: string;

  @Column('bigint', { name: 'paid_minor', default: 0 })
  paidMinor: string;

  @Column('text')
  status: InvoiceStatus;

  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}
