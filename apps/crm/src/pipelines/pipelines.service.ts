import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, conflict, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import type { CreatePipelineInput } from './dto/create-pipeline.input';
import type { Pipeline, PipelineStage } from './pipeline.model';
import { PipelinesRepository } from './pipelines.repository';

export { PIPELINE_ORDER } from './pipelines.repository';

const MAX_STAGES = 30;

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
    private readonly repository: PipelinesRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The pipeline and all its stages, and its audit entry, commit together. */
  async create(input: CreatePipelineInput, actor?: Identity): Promise<Pipeline> {
    const duplicate = duplicateStageName(input.stages.map((s) => s.name));
    if (duplicate)
      throw badUserInput(`Stage names must be unique within a pipeline: "${duplicate}" appears twice`, { stages: [`duplicate stage name ${duplicate}`] });
    return this.dataSource.transaction(async (manager) => {
      // Only one default: the partial unique index would refuse a second one.
      if (input.isDefault) await this.repository.clearDefaultIn(manager);
      const pipeline = await this.repository.insertIn(manager, input.name, input.isDefault ?? false);
      if (!pipeline) {
        const existing = await this.repository.findByNameIn(manager, input.name);
        throw conflict(`A pipeline named ${input.name} already exists (${existing?.id})`, { existingId: existing?.id });
      }
      await this.repository.insertStagesIn(manager, pipeline.id, input.stages);
      await this.audit.record(manager, actor, 'createPipeline', pipeline.id, {
        name: pipeline.name,
        stages: input.stages.length,
        isDefault: pipeline.isDefault,
      });
      return pipeline;
    });
  }

  /** Inserts a stage at a position (default: last); the stages after it move down one. */
  async addStage(pipelineId: string, stage: { name: string; probability: number; position?: number }, actor?: Identity): Promise<Pipeline> {
    return this.dataSource.transaction(async (manager) => {
      const pipeline = await this.lock(manager, pipelineId);
      const count = (await this.repository.stagesOf([pipelineId], manager)).length;
      if (count >= MAX_STAGES)
        throw badUserInput(`Pipeline ${pipeline.name} already has ${MAX_STAGES} stages, the most it can have`, { pipelineId: ['has the most stages'] });
      const position = stage.position ?? count;
      if (position > count) throw badUserInput(`position ${position} is past the end: use 0 to ${count}`, { position: [`must be 0 to ${count}`] });
      if (!(await this.repository.insertStageAtIn(manager, pipelineId, stage, position)))
        throw conflict(`Pipeline ${pipeline.name} already has a stage named ${stage.name}`);
      await this.audit.record(manager, actor, 'addPipelineStage', pipelineId, { name: stage.name, probability: stage.probability, position });
      return pipeline;
    });
  }

  /** Puts the stages in the order given, which must name every stage of the pipeline once. */
  async reorderStages(pipelineId: string, stageIds: string[], actor?: Identity): Promise<Pipeline> {
    return this.dataSource.transaction(async (manager) => {
      const pipeline = await this.lock(manager, pipelineId);
      const current = (await this.repository.stagesOf([pipelineId], manager)).map((s) => s.id);
      const given = new Set(stageIds);
      if (given.size !== stageIds.length || given.size !== current.length || !current.every((id) => given.has(id))) {
        throw badUserInput(`stageIds must list each of the pipeline's ${current.length} stages exactly once`, {
          stageIds: ['must be a permutation of the stages'],
        });
      }
      await this.repository.reorderStagesIn(manager, pipelineId, stageIds);
      await this.audit.record(manager, actor, 'reorderPipelineStages', pipelineId, { stageIds });
      return pipeline;
    });
  }

  async get(id: string): Promise<Pipeline> {
    return this.getIn(this.dataSource.manager, id);
  }

  /** The pipeline, in the caller's transaction; NOT_FOUND names the id. */
  async getIn(manager: EntityManager, id: string): Promise<Pipeline> {
    const pipeline = await this.repository.findIn(manager, id);
    if (!pipeline) throw notFound('Pipeline', id);
    return pipeline;
  }

  /** The default pipeline, if one is set. */
  findDefault(): Promise<Pipeline | undefined> {
    return this.repository.findDefaultIn(this.dataSource);
  }

  /** The stage, in the caller's transaction; NOT_FOUND names the id. */
  async stageIn(manager: EntityManager, id: string): Promise<PipelineStage> {
    const [stage] = await this.repository.stagesByIds([id], manager);
    if (!stage) throw notFound('Stage', id);
    return stage;
  }

  /**
   * Where a new deal starts: the stage given (which must be in the pipeline
   * given, if one is), else the first stage of the pipeline given or of the
   * default one.
   */
  async startStageIn(manager: EntityManager, pipelineId: string | null, stageId: string | null): Promise<PipelineStage> {
    if (pipelineId) await this.getIn(manager, pipelineId);
    if (stageId) {
      const stage = await this.stageIn(manager, stageId);
      if (pipelineId && stage.pipelineId !== pipelineId) {
        throw badUserInput(`Stage ${stageId} belongs to another pipeline than ${pipelineId}`, { stageId: ['belongs to another pipeline'] });
      }
      return stage;
    }
    const stage = await this.repository.firstStageIn(manager, pipelineId);
    if (!stage) throw notFound('Pipeline', pipelineId ?? 'default');
    return stage;
  }

  /** Serialises stage changes of one pipeline. */
  private async lock(manager: EntityManager, id: string): Promise<Pipeline> {
    const pipeline = await this.repository.lockIn(manager, id);
    if (!pipeline) throw notFound('Pipeline', id);
    return pipeline;
  }

  findByIds(ids: readonly string[]): Promise<Pipeline[]> {
    return this.repository.findByIds(ids);
  }

  /** Stages of any number of pipelines in one statement, each pipeline's in order. */
  stagesOf(pipelineIds: readonly string[]): Promise<PipelineStage[]> {
    return this.repository.stagesOf(pipelineIds);
  }

  stagesByIds(ids: readonly string[]): Promise<PipelineStage[]> {
    return this.repository.stagesByIds(ids);
  }

  /** Oldest first, keyset-paginated on (created_at, id). */
  list(first: number, after?: string | null): Promise<Page<Pipeline>> {
    return this.repository.list(first, after);
  }
}
