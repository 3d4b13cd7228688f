import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The unified profile of one known customer. */
@Entity({ name: 'profiles' })
export class ProfileEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'customer_id', unique: true })
  customerId: string;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt: Date;
}
