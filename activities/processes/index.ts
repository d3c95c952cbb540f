export * from './process-records.activities';
