import { priceLines } from '../shared/line-pricing';
import { closedRefusal, dealAmount, moveRefusal } from './deal-rules';
import { DealStatus } from './deal.model';

const usd = (amount: string) => ({ amount, currency: 'USD' });
const P = '11111111-1111-4111-8111-111111111111';

describe('deal amounts', () => {
  it('sums line items in minor units', () => {
    const result = dealAmount(
      [
        { productId: P, quantity: 3, unitPrice: usd('0.10') },
        { productId: P, quantity: 1, unitPrice: usd('0.20') },
      ],
      undefined,
    );
    expect(result).toMatchObject({ currency: 'USD', minor: 50n });
  });

  it('takes the amount given when there are no lines, and requires one then', () => {
    expect(dealAmount([], { amount: '5', currency: 'JPY' })).toMatchObject({ currency: 'JPY', minor: 5n, lines: [] });
    expect(() => dealAmount(null, null)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('refuses an amount that differs from the lines, mixed currencies and too many decimals', () => {
    const lines = [{ productId: P, quantity: 2, unitPrice: usd('1') }];
    expect(() => dealAmount(lines, usd('2.01'))).toThrow('does not equal');
    expect(dealAmount(lines, usd('2.00')).minor).toBe(200n);
    expect(() => priceLines([...lines, { productId: P, quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } }])).toThrow('one currency');
    expect(() => priceLines([{ productId: P, quantity: 1, unitPrice: { amount: '1.5', currency: 'JPY' } }])).toThrow('at most 0 decimal places');
  });
});

describe('stage moves', () => {
  const deal = { id: 'd1', status: DealStatus.OPEN, pipelineId: 'p1', stageId: 's1' };

  it('allows a move to another stage of the same pipeline', () => {
    expect(moveRefusal(deal, { id: 's2', pipelineId: 'p1', name: 'Two' })).toBeUndefined();
  });

  it.each([
    ['the same stage', deal, { id: 's1', pipelineId: 'p1', name: 'One' }, 'already in stage One'],
    ['another pipeline', deal, { id: 'x', pipelineId: 'p2', name: 'X' }, 'belongs to another pipeline'],
    ['a won deal', { ...deal, status: DealStatus.WON }, { id: 's2', pipelineId: 'p1', name: 'Two' }, 'already won'],
    ['a lost deal', { ...deal, status: DealStatus.LOST }, { id: 's2', pipelineId: 'p1', name: 'Two' }, 'already lost'],
  ])('refuses %s with ILLEGAL_STAGE_MOVE', (_case, state, stage, message) => {
    const refusal = moveRefusal(state, stage);
    expect(refusal?.extensions.code).toBe('ILLEGAL_STAGE_MOVE');
    expect(refusal?.message).toContain(message);
  });

  it('treats only open deals as changeable', () => {
    expect(closedRefusal(deal)).toBeUndefined();
    expect(closedRefusal({ ...deal, status: DealStatus.WON })?.extensions.code).toBe('ILLEGAL_STAGE_MOVE');
  });
});
