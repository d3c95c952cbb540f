export * from './cross-system-invariants';
