import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type SalesOrderStatus = 'pending' | 'reserved' | 'shipped' | 'cancelled';

@Entity({ name: 'sales_orders' })
export class SalesOrderEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'customer_id' })
  customerId: string;

  @Column('text')
  number: string;

  @Column('text')
  status: SalesOrderStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
