import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { badUserInput, IdArg, PageArgs, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreateTaskInput } from './dto/create-task.input';
import { TaskFilterInput, TaskSortInput } from './dto/task-query.input';
import { UpdateTaskInput } from './dto/update-task.input';
import { Task, TaskConnection } from './task.model';
import { toTaskConnection } from './task-order';
import { TasksService } from './tasks.service';

const defaultSort = (): TaskSortInput => Object.assign(new TaskSortInput(), {});

@Resolver(() => Task)
export class TasksResolver {
  constructor(private readonly service: TasksService) {}

  @Allow('task:write')
  @Mutation(() => Task, {
    description: 'Creates an OPEN task, assigned to the caller unless assigneeId says otherwise. NOT_FOUND for a missing linked record.',
  })
  createTask(@Args('input') input: CreateTaskInput, @Context() context: RequestContext): Promise<Task> {
    return this.service.create(input, context.identity);
  }

  @Allow('task:write')
  @Mutation(() => Task, { description: 'Changes a task; NOT_FOUND if there is none with this id.' })
  updateTask(@IdArg('id', 'Task') id: string, @Args('input') input: UpdateTaskInput): Promise<Task> {
    return this.service.update(id, input);
  }

  @Allow('task:read')
  @Query(() => Task, { description: 'One task; NOT_FOUND if there is none with this id.' })
  task(@IdArg('id', 'Task') id: string): Promise<Task> {
    return this.service.get(id);
  }

  @Allow('task:read')
  @Query(() => TaskConnection, { description: 'Tasks, by due date (soonest first, undated last) unless sort says otherwise.' })
  async tasks(
    @Args() { first, after }: PageArgs,
    @Args('filter', { type: () => TaskFilterInput, nullable: true }) filter?: TaskFilterInput,
    @Args('sort', { type: () => TaskSortInput, nullable: true }) sort?: TaskSortInput,
  ): Promise<TaskConnection> {
    const order = sort ?? defaultSort();
    return toTaskConnection(await this.service.list(first, after, filter, order), order.field, order.direction);
  }

  @Allow('task:read')
  @Query(() => TaskConnection, { description: "The caller's tasks: tasks with filter.assigneeId set to the caller." })
  async myTasks(
    @Context() context: RequestContext,
    @Args() { first, after }: PageArgs,
    @Args('filter', { type: () => TaskFilterInput, nullable: true }) filter?: TaskFilterInput,
    @Args('sort', { type: () => TaskSortInput, nullable: true }) sort?: TaskSortInput,
  ): Promise<TaskConnection> {
    const sub = context.identity?.sub;
    if (!sub) throw badUserInput('myTasks needs a signed-in user');
    const order = sort ?? defaultSort();
    return toTaskConnection(await this.service.list(first, after, { ...filter, assigneeId: sub }, order), order.field, order.direction);
  }
}
