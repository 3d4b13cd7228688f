import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg, loaderFor, PageArgs, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { NurtureScheduler } from '../scheduler/nurture-scheduler';
import { CreateNurtureSequenceInput, EnrolmentTargetInput } from './dto/create-nurture-sequence.input';
import {
  NurtureEnrolment,
  NurtureEnrolmentConnection,
  NurtureEnrolmentCounts,
  NurtureEnrolmentStatus,
  NurtureSequence,
  NurtureSequenceConnection,
  NurtureStep,
  NurtureStepRun,
} from './nurture-sequence.model';
import { NurtureSequencesService } from './nurture-sequences.service';

/** Per-request loaders: one statement per batch of parents. */
const stepsLoader = (context: RequestContext, service: NurtureSequencesService) =>
  loaderFor<string, NurtureStep[]>(context, 'nurtureStepsBySequence', async (ids) => {
    const steps = await service.stepsOf(ids);
    return ids.map((id) => steps.get(id) ?? []);
  });

@Resolver(() => NurtureSequence)
export class NurtureSequencesResolver {
  constructor(
    private readonly service: NurtureSequencesService,
    private readonly scheduler: NurtureScheduler,
  ) {}

  @Allow('sequence:manage')
  @Mutation(() => NurtureSequence, {
    description:
      'Creates a sequence with its steps. BAD_USER_INPUT for invalid steps or trigger, NOT_FOUND for an unknown template, CONFLICT if the name is taken.',
  })
  createNurtureSequence(@Args('input') input: CreateNurtureSequenceInput, @Context() context: RequestContext): Promise<NurtureSequence> {
    return this.service.create(input, context.identity);
  }

  @Allow('sequence:manage')
  @Mutation(() => NurtureSequence, { description: 'Starts or stops enrolling people; running enrolments continue either way.' })
  setNurtureSequenceActive(
    @IdArg('id', 'NurtureSequence') id: string,
    @Args('active') active: boolean,
    @Context() context: RequestContext,
  ): Promise<NurtureSequence> {
    return this.service.setActive(id, active, context.identity);
  }

  @Allow('sequence:read')
  @Query(() => NurtureSequenceConnection, { description: 'Nurture sequences, oldest first.' })
  async nurtureSequences(@Args() { first, after }: PageArgs): Promise<NurtureSequenceConnection> {
    return toConnection(await this.service.list(first, after), (s) => ({ at: s.createdAt, id: s.id }));
  }

  @Allow('sequence:read')
  @Query(() => NurtureSequence, { description: 'One sequence; NOT_FOUND if there is none with this id.' })
  nurtureSequence(@IdArg('id', 'NurtureSequence') id: string): Promise<NurtureSequence> {
    return this.service.get(id);
  }

  @Allow('sequence:read')
  @ResolveField(() => [NurtureStep])
  steps(@Parent() sequence: NurtureSequence, @Context() context: RequestContext): Promise<NurtureStep[]> {
    return stepsLoader(context, this.service).load(sequence.id);
  }

  @Allow('sequence:read')
  @ResolveField(() => NurtureEnrolmentCounts)
  enrolmentCounts(@Parent() sequence: NurtureSequence, @Context() context: RequestContext): Promise<NurtureEnrolmentCounts> {
    return loaderFor<string, NurtureEnrolmentCounts>(context, 'nurtureEnrolmentCounts', async (ids) => {
      const counts = await this.service.countsOf(ids);
      return ids.map((id) => counts.get(id) as NurtureEnrolmentCounts);
    }).load(sequence.id);
  }

  @Allow('sequence:enrol')
  @Mutation(() => NurtureEnrolment, {
    description:
      'Enrols a contact or a lead; the first step runs at once. CONFLICT (extensions.enrolmentId) when already enrolled, BAD_USER_INPUT for a contact without email, CONFLICT (reason SEQUENCE_INACTIVE) for an inactive sequence, NOT_FOUND.',
  })
  async enrolInSequence(
    @IdArg('sequenceId', 'NurtureSequence') sequenceId: string,
    @Args('target') target: EnrolmentTargetInput,
    @Context() context: RequestContext,
  ): Promise<NurtureEnrolment> {
    const enrolment = await this.service.enrol(sequenceId, target, context.identity);
    this.scheduler.wake();
    return enrolment;
  }

  @Allow('sequence:enrol')
  @Mutation(() => NurtureEnrolment, { description: 'Stops an enrolment: no further steps run. CONFLICT (reason ENROLMENT_COMPLETED) once completed.' })
  cancelEnrolment(@IdArg('id', 'NurtureEnrolment') id: string, @Context() context: RequestContext): Promise<NurtureEnrolment> {
    return this.service.cancel(id, context.identity);
  }

  @Allow('sequence:read')
  @Query(() => NurtureEnrolmentConnection, { description: "A sequence's enrolments, oldest first, optionally of one status." })
  async enrolments(
    @IdArg('sequenceId', 'NurtureSequence') sequenceId: string,
    @Args('status', { type: () => NurtureEnrolmentStatus, nullable: true }) status: NurtureEnrolmentStatus | null,
    @Args() { first, after }: PageArgs,
  ): Promise<NurtureEnrolmentConnection> {
    return toConnection(await this.service.enrolments(sequenceId, status, first, after), (e) => ({ at: e.createdAt, id: e.id }));
  }
}

@Resolver(() => NurtureEnrolment)
export class NurtureEnrolmentsResolver {
  constructor(private readonly service: NurtureSequencesService) {}

  @Allow('contact.pii:read')
  @ResolveField(() => String, { description: 'The address the sequence mails.' })
  email(@Parent() enrolment: NurtureEnrolment): string {
    return enrolment.email;
  }

  @Allow('sequence:read')
  @ResolveField(() => NurtureStep, { nullable: true, description: 'The step that runs next (at nextRunAt); null once completed or cancelled.' })
  async nextStep(@Parent() enrolment: NurtureEnrolment, @Context() context: RequestContext): Promise<NurtureStep | null> {
    if (enrolment.status !== NurtureEnrolmentStatus.ACTIVE) return null;
    const steps = await stepsLoader(context, this.service).load(enrolment.sequenceId);
    return steps[enrolment.nextPosition] ?? null;
  }

  @Allow('sequence:read')
  @ResolveField(() => [NurtureStepRun], { description: 'The steps this enrolment has run, in order.' })
  stepsRun(@Parent() enrolment: NurtureEnrolment, @Context() context: RequestContext): Promise<NurtureStepRun[]> {
    return loaderFor<string, NurtureStepRun[]>(context, 'nurtureStepRuns', async (ids) => {
      const runs = await this.service.runsOf(ids);
      return ids.map((id) => runs.get(id) ?? []);
    }).load(enrolment.id);
  }
}
