export * from './database.config';
export * from './orm-options';
export * from './migrate';
export * from './create-once';
export * from './embedded-postgres';
export * from './request-context';
export * from './connect-on-start';
export * from './admin-change';
