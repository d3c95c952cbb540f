import { refusalOf } from './systems';

/**
 * The saga of a process: each undo is registered before the step it undoes runs, and on
 * cancellation they run in reverse. Every undo is idempotent (releasing released stock or
 * cancelling a cancelled order changes nothing), so running one twice after a crash is safe.
 * A business refusal of one undo is recorded and the others still run.
 */
export class Compensations {
  private readonly undos: { name: string; run: (reason: string) => Promise<boolean | void> }[] = [];

  /** Registers an undo; it returns false when there was nothing to undo (then it is not listed). */
  add(name: string, run: (reason: string) => Promise<boolean | void>): void {
    this.undos.push({ name, run });
  }

  /** Runs the undos in reverse; returns what was done, in that order. */
  async run(reason: string): Promise<string[]> {
    const done: string[] = [];
    for (const undo of [...this.undos].reverse()) {
      try {
        if ((await undo.run(reason)) !== false) done.push(undo.name);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        done.push(`${undo.name} refused: ${refusal.message}`);
      }
    }
    return done;
  }
}
