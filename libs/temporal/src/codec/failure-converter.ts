import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failures with their message and stack trace moved into an encoded payload, so the payload
 * codec encrypts them like any input or result: a refusal that quotes a name or an e-mail is
 * never in clear in history. Loaded by path (it also runs inside the workflow sandbox): every
 * client, worker and the workflow bundle use FAILURE_CONVERTER_PATH.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
