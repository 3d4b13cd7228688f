import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { applyKeyset, badUserInput, conflict, isUuid, notFound, type Page, type SortOrder, toPage } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import type { CreatePipelineInput } from './dto/create-pipeline.input';
import type { Pipeline, PipelineStage } from './pipeline.model';

const MAX_STAGES = 30;

export const PIPELINE_ORDER: SortOrder = { tag: 'pipelines.created', expression: 'p.created_at', type: 'timestamptz', direction: 'ASC' };

const PIPELINE_COLUMNS = `p.id, p.name, p.is_default AS "isDefault", p.created_at AS "createdAt"`;
const STAGE_COLUMNS = `s.id, s.pipeline_id AS "pipelineId", s.name, s.position, s.probability`;

/** Stage names must be unique within a pipeline, compared the way the unique index does. */
export function duplicateStageName(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) return name;
    seen.add(key);
  }
  return undefined;
}

@Injectable()
export class PipelinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** The pipeline and all its stages, and its audit entry, commit together. */
  async create(input: CreatePipelineInput, actor?: Identity): Promise<Pipeline> {
    const duplicate = duplicateStageName(input.stages.map((s) => s.name));
    if (duplicate) throw badUserInput(`Stage names must be unique within a pipeline: "${duplicate}" appears twice`, { stages: [`duplicate stage name ${duplicate}`] });
    return this.dataSource.transaction(async (manager) => {
      if (input.isDefault) {
        // Only one default: the partial unique index would refuse a second one. Two callers making
        // defaults at once must take turns, or the second's UPDATE misses the first's new row.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('crm.pipelines.default'))`);
        await manager.query(`UPDATE pipelines SET is_default = false WHERE is_default`);
      }
      const rows: Pipeline[] = await manager.query(
        `INSERT INTO pipelines AS p (id, name, is_default) VALUES ($1, $2, $3)
         ON CONFLICT (lower(name)) DO NOTHING
         RETURNING ${PIPELINE_COLUMNS}`,
        [randomUUID(), input.name, input.isDefault ?? false],
      );
      if (!rows.length) {
        const [existing] = await manager.query(`SELECT id FROM pipelines WHERE lower(name) = lower($1)`, [input.name]);
        throw conflict(`A pipeline named ${input.name} already exists (${existing.id})`, { existingId: existing.id });
      }
      const pipeline = rows[0];
      await manager.query(
        `INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability)
         SELECT gen_random_uuid(), $1, s.name, s.ord - 1, s.probability
         FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS s(name, probability, ord)`,
        [pipeline.id, input.stages.map((s) => s.name), input.stages.map((s) => s.probability)],
      );
      await this.audit.record(manager, actor, 'createPipeline', pipeline.id, { name: pipeline.name, stages: input.stages.length, isDefault: pipeline.isDefault });
      return pipeline;
    });
  }

  /** Inserts a stage at a position (default: last); the stages after it move down one. */
  async addStage(pipelineId: string, stage: { name: string; probability: number; position?: number }, actor?: Identity): Promise<Pipeline> {
    return this.dataSource.transaction(async (manager) => {
      const pipeline = await this.lock(manager, pipelineId);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM pipeline_stages WHERE pipeline_id = $1`, [pipelineId]);
      if (count >= MAX_STAGES) throw badUserInput(`Pipeline ${pipeline.name} already has ${MAX_STAGES} stages, the most it can have`, { pipelineId: ['has the most stages'] });
      const position = stage.position ?? count;
      if (position > count) throw badUserInput(`position ${position} is past the end: use 0 to ${count}`, { position: [`must be 0 to ${count}`] });
      // (pipeline_id, position) is unique but deferrable: shifting rows passes through duplicates.
      await manager.query(`SET CONSTRAINTS ALL DEFERRED`);
      await manager.query(`UPDATE pipeline_stages SET position = position + 1 WHERE pipeline_id = $1 AND position >= $2`, [pipelineId, position]);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pipeline_id, lower(name)) DO NOTHING RETURNING id`,
        [randomUUID(), pipelineId, stage.name, position, stage.probability],
      );
      if (!inserted.length) throw conflict(`Pipeline ${pipeline.name} already has a stage named ${stage.name}`);
      await this.audit.record(manager, actor, 'addPipelineStage', pipelineId, { name: stage.name, probability: stage.probability, position });
      return pipeline;
    });
  }

  /** Puts the stages in the order given, which must name every stage of the pipeline once. */
  async reorderStages(pipelineId: string, stageIds: string[], actor?: Identity): Promise<Pipeline> {
    return this.dataSource.transaction(async (manager) => {
      const pipeline = await this.lock(manager, pipelineId);
      const current: string[] = (await manager.query(`SELECT id FROM pipeline_stages WHERE pipeline_id = $1`, [pipelineId])).map((r: { id: string }) => r.id);
      const given = new Set(stageIds);
      if (given.size !== stageIds.length || given.size !== current.length || !current.every((id) => given.has(id))) {
        throw badUserInput(`stageIds must list each of the pipeline's ${current.length} stages exactly once`, { stageIds: ['must be a permutation of the stages'] });
      }
      await manager.query(`SET CONSTRAINTS ALL DEFERRED`);
      await manager.query(
        `UPDATE pipeline_stages s SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE s.id = o.id AND s.pipeline_id = $1`,
        [pipelineId, stageIds],
      );
      await this.audit.record(manager, actor, 'reorderPipelineStages', pipelineId, { stageIds });
      return pipeline;
    });
  }

  async get(id: string): Promise<Pipeline> {
    const [pipeline] = await this.findByIds([id]);
    if (!pipeline) throw notFound('Pipeline', id);
    return pipeline;
  }

  /** Serialises stage changes of one pipeline. */
  private async lock(manager: EntityManager, id: string): Promise<Pipeline> {
    const [pipeline]: Pipeline[] = isUuid(id) ? await manager.query(`SELECT ${PIPELINE_COLUMNS} FROM pipelines p WHERE p.id = $1 FOR UPDATE`, [id]) : [];
    if (!pipeline) throw notFound('Pipeline', id);
    return pipeline;
  }

  async findByIds(ids: readonly string[]): Promise<Pipeline[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    return this.dataSource.query(`SELECT ${PIPELINE_COLUMNS} FROM pipelines p WHERE p.id = ANY($1)`, [valid]);
  }

  async findDefault(): Promise<Pipeline | undefined> {
    const [pipeline] = await this.dataSource.query(`SELECT ${PIPELINE_COLUMNS} FROM pipelines p WHERE p.is_default`);
    return pipeline;
  }

  /** Stages of any number of pipelines in one statement, each pipeline's in order. */
  async stagesOf(pipelineIds: readonly string[]): Promise<PipelineStage[]> {
    const valid = [...new Set(pipelineIds.filter(isUuid))];
    if (!valid.length) return [];
    return this.dataSource.query(`SELECT ${STAGE_COLUMNS} FROM pipeline_stages s WHERE s.pipeline_id = ANY($1) ORDER BY s.pipeline_id, s.position`, [valid]);
  }

  async stagesByIds(ids: readonly string[]): Promise<PipelineStage[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return [];
    return this.dataSource.query(`SELECT ${STAGE_COLUMNS} FROM pipeline_stages s WHERE s.id = ANY($1)`, [valid]);
  }

  /** Oldest first, keyset-paginated on (created_at, id). */
  async list(first: number, after?: string | null): Promise<Page<Pipeline>> {
    const query = this.dataSource.createQueryBuilder().select(PIPELINE_COLUMNS).from('pipelines', 'p');
    applyKeyset(query, PIPELINE_ORDER, 'p.id', first, after);
    return toPage(await query.getRawMany<Pipeline>(), first);
  }
}
