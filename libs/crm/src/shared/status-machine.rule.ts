import { DomainError } from '@throughline/common';

/** The states a record may move to from each state; terminal states map to an empty list. */
export type StatusMachine<S extends string> = Readonly<Record<S, readonly S[]>>;

/** A move the status machine does not allow: a conflict with the record's state, never a silent overwrite. */
export class IllegalTransitionError extends DomainError {
  constructor(what: string, id: string, from: string, to: string) {
    super(
      'conflict',
      `illegal-${what}-transition`,
      `${what} ${id} cannot go from ${from} to ${to}`,
      {
        id,
        from,
        to,
      },
    );
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition<S extends string>(
  machine: StatusMachine<S>,
  from: S,
  to: S,
): boolean {
  return machine[from].includes(to);
}

/** Throws IllegalTransitionError unless `from → to` is an edge of the machine. */
export function assertTransition<S extends string>(
  machine: StatusMachine<S>,
  what: string,
  id: string,
  from: S,
  to: S,
): void {
  if (!canTransition(machine, from, to)) throw new IllegalTransitionError(what, id, from, to);
}
