import { getMetadataStorage, IsInt, IsString, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: unknown;
}

class Child extends Base {
  @IsInt()
  count!: unknown;
}

const storage = getMetadataStorage();
const lookup = () => storage.getTargetValidationMetadatas(Child, '', false, false);
const failing = async (value: object) => (await validate(Object.assign(new Child(), value))).map((e) => e.property).sort();

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as before, inherited rules included', async () => {
    expect(await failing({ name: 'a', count: 1 })).toEqual([]);
    expect(await failing({ name: 1, count: 'x' })).toEqual(['count', 'name']);
  });

  it('answers a repeated lookup from memory, and sees a rule added later', async () => {
    const first = lookup();
    expect(lookup()).toBe(first);
    // A rule declared after the first validation (a class loaded late) is not missed.
    IsString()(Child.prototype, 'label');
    const after = lookup();
    expect(after).not.toBe(first);
    expect(after.map((m) => m.propertyName).sort()).toEqual(['count', 'label', 'name']);
    expect(await failing({ name: 'a', count: 1, label: 5 })).toEqual(['label']);
  });
});
