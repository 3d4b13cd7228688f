import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A content model (article, landing page, ...) that entries follow. */
@Entity({ name: 'content_types' })
export class ContentTypeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'api_id', unique: true })
  apiId: string;

  @Column('text')
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
