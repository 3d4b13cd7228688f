import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type CustomerKindValue = 'organisation' | 'individual';

@Entity({ name: 'customers' })
@Index('customers_created_at_id_idx', ['createdAt', 'id'])
export class CustomerEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Unique case-insensitively (customers_email_lower_key on lower(email)). */
  @Column('text')
  email: string;

  @Column('text')
  kind: CustomerKindValue;

  @Column('text', { nullable: true })
  domain: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { name: 'owner_id', nullable: true })
  ownerId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
