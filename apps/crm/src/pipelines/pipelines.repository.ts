import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bool, defineTable, int, type Queryable, returnedRows, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { applyKeyset, type Page, type SortOrder, toPage } from '@platform/graphql';

export const pipelinesTable = defineTable('pipelines', 'p', {
  id: uuid(),
  name: text(),
  isDefault: bool(),
  createdAt: timestamptz(),
});
export type PipelineRow = RowOf<typeof pipelinesTable>;

export const stagesTable = defineTable('pipeline_stages', 's', {
  id: uuid(),
  pipelineId: uuid(),
  name: text(),
  position: int(),
  probability: int(),
});
export type StageRow = RowOf<typeof stagesTable>;

export const PIPELINE_ORDER: SortOrder = { tag: 'pipelines.created', expression: 'p.created_at', type: 'timestamptz', direction: 'ASC' };

const STAGES = `SELECT ${stagesTable.columns} FROM pipeline_stages s`;

/** All SQL of pipelines and their stages; nothing else touches these tables. */
@Injectable()
export class PipelinesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new pipeline, or none when one with this name (case-insensitively) exists. */
  insertIn(manager: EntityManager, name: string, isDefault: boolean): Promise<PipelineRow | undefined> {
    return pipelinesTable.one(
      manager,
      `INSERT INTO pipelines AS p (id, name, is_default) VALUES ($1, $2, $3) ON CONFLICT (lower(name)) DO NOTHING RETURNING ${pipelinesTable.columns}`,
      [randomUUID(), name, isDefault],
    );
  }

  /**
   * No pipeline is the default any more. Two callers making defaults at once
   * take turns, or the second's UPDATE misses the first's new row (and the
   * partial unique index refuses it).
   */
  async clearDefaultIn(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('crm.pipelines.default'))`);
    await manager.query(`UPDATE pipelines SET is_default = false WHERE is_default`);
  }

  findByNameIn(db: Queryable, name: string): Promise<PipelineRow | undefined> {
    return pipelinesTable.one(db, `SELECT ${pipelinesTable.columns} FROM pipelines p WHERE lower(p.name) = lower($1)`, [name]);
  }

  /** The pipeline, locked until the caller commits (serialises stage changes of one pipeline). */
  lockIn(manager: EntityManager, id: string): Promise<PipelineRow | undefined> {
    return pipelinesTable.one(manager, `SELECT ${pipelinesTable.columns} FROM pipelines p WHERE p.id = $1 FOR UPDATE`, [id]);
  }

  findIn(db: Queryable, id: string): Promise<PipelineRow | undefined> {
    return pipelinesTable.one(db, `SELECT ${pipelinesTable.columns} FROM pipelines p WHERE p.id = $1`, [id]);
  }

  findDefaultIn(db: Queryable): Promise<PipelineRow | undefined> {
    return pipelinesTable.one(db, `SELECT ${pipelinesTable.columns} FROM pipelines p WHERE p.is_default`);
  }

  findByIds(ids: readonly string[]): Promise<PipelineRow[]> {
    return pipelinesTable.many(this.dataSource, `SELECT ${pipelinesTable.columns} FROM pipelines p WHERE p.id = ANY($1)`, [[...new Set(ids)]]);
  }

  /** Oldest first, keyset-paginated on (created_at, id). */
  async list(first: number, after?: string | null): Promise<Page<PipelineRow>> {
    const query = this.dataSource.createQueryBuilder().select(pipelinesTable.columns).from('pipelines', 'p');
    applyKeyset(query, PIPELINE_ORDER, 'p.id', first, after);
    return toPage((await query.getRawMany<unknown>()).map(pipelinesTable.read), first);
  }

  /** Inserts stages at positions 0.. in the order given. */
  async insertStagesIn(manager: EntityManager, pipelineId: string, stages: readonly { name: string; probability: number }[]): Promise<void> {
    await manager.query(
      `INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability)
       SELECT gen_random_uuid(), $1, s.name, s.ord - 1, s.probability
       FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS s(name, probability, ord)`,
      [pipelineId, stages.map((s) => s.name), stages.map((s) => s.probability)],
    );
  }

  /** Inserts a stage at a position, moving the stages from there down one; false when the name is taken in the pipeline. */
  async insertStageAtIn(manager: EntityManager, pipelineId: string, stage: { name: string; probability: number }, position: number): Promise<boolean> {
    // (pipeline_id, position) is unique but deferrable: shifting rows passes through duplicates.
    await manager.query(`SET CONSTRAINTS ALL DEFERRED`);
    await manager.query(`UPDATE pipeline_stages SET position = position + 1 WHERE pipeline_id = $1 AND position >= $2`, [pipelineId, position]);
    const inserted = await manager.query(
      `INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (pipeline_id, lower(name)) DO NOTHING RETURNING id`,
      [randomUUID(), pipelineId, stage.name, position, stage.probability],
    );
    return returnedRows(inserted).length > 0;
  }

  /** Puts the stages at positions 0.. in the order of `stageIds`. */
  async reorderStagesIn(manager: EntityManager, pipelineId: string, stageIds: readonly string[]): Promise<void> {
    await manager.query(`SET CONSTRAINTS ALL DEFERRED`);
    await manager.query(
      `UPDATE pipeline_stages s SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE s.id = o.id AND s.pipeline_id = $1`,
      [pipelineId, [...stageIds]],
    );
  }

  /** Stages of any number of pipelines in one statement, each pipeline's in order. */
  stagesOf(pipelineIds: readonly string[], db: Queryable = this.dataSource): Promise<StageRow[]> {
    return stagesTable.many(db, `${STAGES} WHERE s.pipeline_id = ANY($1) ORDER BY s.pipeline_id, s.position`, [[...new Set(pipelineIds)]]);
  }

  stagesByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<StageRow[]> {
    return stagesTable.many(db, `${STAGES} WHERE s.id = ANY($1)`, [[...new Set(ids)]]);
  }

  /** The first stage of a pipeline (of the default one when none is given). */
  firstStageIn(db: Queryable, pipelineId: string | null): Promise<StageRow | undefined> {
    return pipelineId
      ? stagesTable.one(db, `${STAGES} WHERE s.pipeline_id = $1 ORDER BY s.position LIMIT 1`, [pipelineId])
      : stagesTable.one(db, `${STAGES} WHERE s.pipeline_id = (SELECT id FROM pipelines WHERE is_default) ORDER BY s.position LIMIT 1`);
  }
}
