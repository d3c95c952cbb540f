import { isDomainError } from '@throughline/common';
import {
  assertTransition,
  IllegalTransitionError,
  type StatusMachine,
} from './status-machine.rule';

type Light = 'red' | 'green';
const light: StatusMachine<Light> = { red: ['green'], green: [] };

describe('a status machine', () => {
  it('allows its edges', () => {
    expect(() => assertTransition(light, 'light', 'l1', 'red', 'green')).not.toThrow();
  });

  it('refuses any other move with a typed conflict naming both states', () => {
    let caught: unknown;
    try {
      assertTransition(light, 'light', 'l1', 'green', 'red');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(isDomainError(caught) && caught.kind).toBe('conflict');
    expect(isDomainError(caught) && caught.code).toBe('illegal-light-transition');
    expect(isDomainError(caught) && caught.details).toEqual({ id: 'l1', from: 'green', to: 'red' });
  });
});
