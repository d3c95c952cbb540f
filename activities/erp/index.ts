export * from './erp.activities';
