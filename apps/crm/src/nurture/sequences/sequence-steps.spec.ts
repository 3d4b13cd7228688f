import { planSteps, triggerErrors } from './sequence-steps';

const T = '00000000-0000-4000-8000-0000000000aa';

describe('nurture sequence steps', () => {
  it('turns valid steps into rows, in order, with only the fields of their kind', () => {
    const { rows, errors } = planSteps([
      { kind: 'send_email', templateId: T },
      { kind: 'wait', days: 2 },
      { kind: 'create_task', title: '  Call them  ', assigneeId: ' u1 ' },
    ]);
    expect(errors).toEqual({});
    expect(rows).toEqual([
      { position: 0, kind: 'send_email', templateId: T, waitDays: null, taskTitle: null, taskDueDays: null, taskAssigneeId: null },
      { position: 1, kind: 'wait', templateId: null, waitDays: 2, taskTitle: null, taskDueDays: null, taskAssigneeId: null },
      { position: 2, kind: 'create_task', templateId: null, waitDays: null, taskTitle: 'Call them', taskDueDays: 0, taskAssigneeId: 'u1' },
    ]);
  });

  it('refuses no steps and more than 50', () => {
    expect(Object.keys(planSteps([]).errors)).toEqual(['steps']);
    expect(Object.keys(planSteps(Array.from({ length: 51 }, () => ({ kind: 'wait' as const, days: 1 }))).errors)).toEqual(['steps']);
    expect(planSteps(Array.from({ length: 50 }, () => ({ kind: 'wait' as const, days: 1 }))).errors).toEqual({});
  });

  it('names each faulty field by step position', () => {
    const { errors } = planSteps([
      { kind: 'send_email' },
      { kind: 'wait', days: 366 },
      { kind: 'wait', days: 1.5, templateId: T },
      { kind: 'create_task', title: '   ', dueInDays: -1 },
    ]);
    expect(Object.keys(errors).sort()).toEqual([
      'steps.0.templateId',
      'steps.1.days',
      'steps.2.days',
      'steps.2.templateId',
      'steps.3.dueInDays',
      'steps.3.title',
    ]);
  });

  it('needs a uuid ref for content and form triggers, and none for manual', () => {
    expect(triggerErrors('manual', null)).toEqual({});
    expect(Object.keys(triggerErrors('manual', T))).toEqual(['trigger.ref']);
    expect(triggerErrors('content_download', T)).toEqual({});
    expect(Object.keys(triggerErrors('form_submission', null))).toEqual(['trigger.ref']);
    expect(Object.keys(triggerErrors('form_submission', 'form-1'))).toEqual(['trigger.ref']);
  });
});
