import { Waker } from './waker';

describe('Waker', () => {
  it('ends a pause early when woken', async () => {
    const waker = new Waker();
    const started = Date.now();
    const paused = waker.wait(10_000);
    waker.wake();
    await paused;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps a wake-up that came while busy for the next pause, once', async () => {
    const waker = new Waker();
    waker.wake();
    const started = Date.now();
    await waker.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
    const second = Date.now();
    await waker.wait(50);
    expect(Date.now() - second).toBeGreaterThanOrEqual(45);
  });
});
