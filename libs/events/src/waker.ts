/**
 * A pause that a notification cuts short. A wake-up that arrives while the
 * loop is busy is kept, so the next pause returns at once instead of missing
 * work that came in meanwhile.
 */
export class Waker {
  private pending = false;
  private release?: () => void;

  /** Waits up to `ms`, or until wake(). */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.release = undefined;
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.release = release;
    });
  }

  wake(): void {
    if (this.release) this.release();
    else this.pending = true;
  }
}
