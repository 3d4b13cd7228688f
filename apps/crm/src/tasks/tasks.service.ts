import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, notFound, type Page, toPage } from '@platform/graphql';
import { exactTime } from '../activities/exact-time';
import { type LinkIds, LinkedRecords } from '../activities/linked-records';
import type { CreateTaskInput } from './dto/create-task.input';
import type { TaskFilterInput, TaskSortInput } from './dto/task-query.input';
import type { UpdateTaskInput } from './dto/update-task.input';
import type { Task } from './task.model';
import { applyTaskOrder } from './task-order';

/** Overdue is decided by the database clock, so every reader agrees with the filter. */
const OVERDUE = `(t.status IN ('open', 'in_progress') AND t.due_at IS NOT NULL AND t.due_at < now())`;

const TASK_COLUMNS = `t.id AS id, t.title AS title, t.description AS description, t.assignee_id AS "assigneeId", t.due_at AS "dueAt",
  t.status AS status, t.customer_id AS "customerId", t.contact_id AS "contactId", t.deal_id AS "dealId", t.lead_id AS "leadId",
  t.completed_at AS "completedAt", ${OVERDUE} AS overdue, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
  ${exactTime('t.due_at')} AS "dueKey"`;

/** A task another area creates (a nurture step): links already checked, the customer filled. */
export interface NewTask {
  title: string;
  description?: string | null;
  assigneeId: string | null;
  dueAt?: Date | null;
  /** Due this many days from now by the database clock (the one overdue is decided by), when there is no dueAt. */
  dueInDays?: number | null;
  links: Required<{ [K in keyof LinkIds]: string | null }>;
}

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: LinkedRecords,
  ) {}

  async create(input: CreateTaskInput, actor: Identity | undefined): Promise<Task> {
    const assigneeId = input.assigneeId ?? actor?.sub;
    if (!assigneeId) throw badUserInput('Name an assignee: the caller has no user id', { assigneeId: ['is required'] });
    return this.dataSource.transaction(async (manager) => {
      const links = await this.links.resolveIn(manager, input);
      return this.createIn(manager, { title: input.title, description: input.description, assigneeId, dueAt: input.dueAt, links });
    });
  }

  /** Inserts a task in the caller's transaction. */
  async createIn(manager: EntityManager, task: NewTask): Promise<Task> {
    const { links } = task;
    const [created]: Task[] = await manager.query(
      `INSERT INTO tasks AS t (id, title, description, assignee_id, due_at, customer_id, contact_id, deal_id, lead_id)
       VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now() + make_interval(days => $10::int)), $6, $7, $8, $9) RETURNING ${TASK_COLUMNS}`,
      [
        randomUUID(),
        task.title,
        task.description ?? null,
        task.assigneeId,
        task.dueAt ?? null,
        links.customerId,
        links.contactId,
        links.dealId,
        links.leadId,
        task.dueInDays ?? null,
      ],
    );
    return created;
  }

  /** A merge: the tasks of contacts `fromIds` move to `toId`, in the caller's transaction. */
  async reassignContactIn(manager: EntityManager, fromIds: readonly string[], toId: string): Promise<void> {
    await manager.query(`UPDATE tasks SET contact_id = $1 WHERE contact_id = ANY($2::uuid[])`, [toId, fromIds]);
  }

  /** A lead converted: its tasks join the contact and customer (links already set stay). */
  async attachLeadIn(manager: EntityManager, leadId: string, to: { contactId: string; customerId: string }): Promise<void> {
    await manager.query(`UPDATE tasks SET contact_id = coalesce(contact_id, $2), customer_id = coalesce(customer_id, $3) WHERE lead_id = $1`, [
      leadId,
      to.contactId,
      to.customerId,
    ]);
  }

  /** completedAt is set when the task becomes DONE (kept while it stays DONE) and cleared when it leaves DONE. */
  async update(id: string, input: UpdateTaskInput): Promise<Task> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: Task[] = await manager.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound('Task', id);
      const keep = <T>(value: T | undefined, old: T) => (value === undefined ? old : value);
      const [rows]: [Task[], number] = await manager.query(
        `UPDATE tasks AS t SET title = $2, description = $3, assignee_id = $4, due_at = $5, status = $6,
           completed_at = CASE WHEN $6 = 'done' THEN coalesce(t.completed_at, now()) ELSE NULL END,
           updated_at = date_trunc('milliseconds', now())
         WHERE t.id = $1 RETURNING ${TASK_COLUMNS}`,
        [
          id,
          keep(input.title, current.title),
          keep(input.description, current.description),
          keep(input.assigneeId, current.assigneeId),
          keep(input.dueAt, current.dueAt),
          keep(input.status, current.status),
        ],
      );
      return rows[0];
    });
  }

  async get(id: string): Promise<Task> {
    const [task]: Task[] = await this.dataSource.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $1`, [id]);
    if (!task) throw notFound('Task', id);
    return task;
  }

  /** Filtered and sorted in SQL; each filter has an index (assignee+due, open+due, customer, contact, deal). */
  async list(first: number, after: string | null | undefined, filter: TaskFilterInput | null | undefined, sort: TaskSortInput): Promise<Page<Task>> {
    return toPage(await this.listQuery(first, after, filter, sort).getRawMany<Task>(), first);
  }

  /** The statement list() runs (exposed so its plan can be checked). */
  listQuery(
    first: number,
    after: string | null | undefined,
    filter: TaskFilterInput | null | undefined,
    sort: TaskSortInput,
  ): SelectQueryBuilder<ObjectLiteral> {
    const query = this.dataSource.createQueryBuilder().select(TASK_COLUMNS).from('tasks', 't');
    if (filter?.assigneeId) query.andWhere('t.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter?.status?.length) query.andWhere('t.status = ANY(:status)', { status: filter.status });
    if (filter?.overdue === true) query.andWhere(OVERDUE);
    if (filter?.overdue === false) query.andWhere(`NOT ${OVERDUE}`);
    if (filter?.dueBefore) query.andWhere('t.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    if (filter?.customerId) query.andWhere('t.customer_id = :customerId', { customerId: filter.customerId });
    if (filter?.contactId) query.andWhere('t.contact_id = :contactId', { contactId: filter.contactId });
    if (filter?.dealId) query.andWhere('t.deal_id = :dealId', { dealId: filter.dealId });
    applyTaskOrder(query, sort.field, sort.direction, first, after);
    return query;
  }
}
