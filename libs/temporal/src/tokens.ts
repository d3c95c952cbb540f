export const TEMPORAL_CONFIG = Symbol('TEMPORAL_CONFIG');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_WORKER_OPTIONS = Symbol('TEMPORAL_WORKER_OPTIONS');
/** Optional: wraps every activity execution, e.g. in a MikroORM request context. */
export const ACTIVITY_CONTEXT = Symbol('ACTIVITY_CONTEXT');
