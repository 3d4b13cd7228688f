import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
