import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { dealStageChangedV1, type EventData, type Outbox } from '@platform/events';
import { badUserInput, minorFromDecimal, notFound } from '@platform/graphql';
import type { ConvertLeadDealInput } from './dto/convert-lead.input';

export interface ConversionDealTarget {
  leadId: string;
  customerId: string;
  contactId: string;
  ownerId: string | null;
  changedBy: string | null;
}

/**
 * Opens the deal a lead conversion asks for, in the conversion's transaction:
 * the deals row in the first stage (lowest position) of the pipeline (the
 * default one unless given), its first deal_stage_changes row (from nothing
 * to that stage, open) and the crm.deal.stage-changed event with no previous
 * stage. Written with SQL here because the deals area is another module's;
 * it must stay in step with how that area opens a deal.
 */
export async function openConversionDeal(manager: EntityManager, outbox: Outbox, deal: ConvertLeadDealInput, target: ConversionDealTarget): Promise<string> {
  let amountMinor: bigint;
  try {
    amountMinor = minorFromDecimal(deal.amount.amount, deal.amount.currency);
  } catch (error) {
    throw badUserInput(`Invalid input: deal.amount: ${(error as Error).message}`, { 'deal.amount': [(error as Error).message] });
  }
  const close = deal.expectedCloseDate ? new Date(`${deal.expectedCloseDate}T00:00:00Z`) : null;
  if (close && (Number.isNaN(close.getTime()) || close.toISOString().slice(0, 10) !== deal.expectedCloseDate)) {
    throw badUserInput(`Invalid input: deal.expectedCloseDate: ${deal.expectedCloseDate} is not a calendar date`, { 'deal.expectedCloseDate': ['must be a calendar date'] });
  }
  const [pipeline]: { id: string }[] = deal.pipelineId
    ? await manager.query(`SELECT id FROM pipelines WHERE id = $1`, [deal.pipelineId])
    : await manager.query(`SELECT id FROM pipelines WHERE is_default`);
  if (!pipeline) {
    if (deal.pipelineId) throw notFound('Pipeline', deal.pipelineId);
    throw badUserInput('There is no default pipeline: pass deal.pipelineId', { 'deal.pipelineId': ['required when no pipeline is the default'] });
  }
  const [stage]: { id: string; probability: number }[] = await manager.query(
    `SELECT id, probability FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position LIMIT 1`,
    [pipeline.id],
  );
  if (!stage) throw badUserInput(`Pipeline ${pipeline.id} has no stages: add one before opening deals in it`, { 'deal.pipelineId': ['has no stages'] });

  const dealId = randomUUID();
  const [{ createdAt }]: { createdAt: Date }[] = await manager.query(
    `INSERT INTO deals (id, name, customer_id, contact_id, lead_id, pipeline_id, stage_id, owner_id, amount_minor, currency, expected_close_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING created_at AS "createdAt"`,
    [dealId, deal.name, target.customerId, target.contactId, target.leadId, pipeline.id, stage.id, target.ownerId, amountMinor.toString(), deal.amount.currency, deal.expectedCloseDate ?? null],
  );
  await manager.query(
    `INSERT INTO deal_stage_changes (id, deal_id, from_stage_id, to_stage_id, from_status, to_status, changed_by, changed_at)
     VALUES ($1, $2, NULL, $3, NULL, 'open', $4, $5)`,
    [randomUUID(), dealId, stage.id, target.changedBy, createdAt],
  );
  const data: EventData<typeof dealStageChangedV1> = {
    dealId,
    customerId: target.customerId,
    pipelineId: pipeline.id,
    fromStageId: null,
    toStageId: stage.id,
    probability: stage.probability,
    changedAt: createdAt.toISOString(),
  };
  await outbox.append(manager, [{ type: dealStageChangedV1.type, version: dealStageChangedV1.version, subject: dealId, data, time: createdAt }]);
  return dealId;
}
