import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformEvents } from './catalog';

describe('docs/events.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'events.md'), 'utf8');

  it.each(platformEvents.all().map((c) => [`${c.type} v${c.version}`, c]))('documents %s with its topic, producer and consumers', (_name, contract) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${contract.type}\` | ${contract.version} |`));
    expect(row).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    expect(cells[3]).toBe(`\`${contract.topic}\``);
    expect(cells[4]).toBe(contract.producer);
    expect(cells[5]).toBe(contract.consumers.join(', ') || '-');
    expect(doc).toContain(`| \`${contract.topic}\` |`);
  });
});
