import path from 'node:path';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { ConfigError } from '@throughline/common';
import type { TemporalEnv } from '../temporal.config';
import { EncryptionCodec } from './encryption-codec';
import { StaticPayloadKeyring } from './payload-keys';

type PayloadKeyEnv = Pick<
  TemporalEnv,
  'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_PAYLOAD_KEYS_FILE' | 'THROUGHLINE_MODE'
>;

/** One codec per configuration, shared by the app's client and worker. */
const codecs = new WeakMap<object, PayloadCodec[]>();

/**
 * The payload codecs every Temporal client and worker of the app uses: the encryption codec with
 * the configured keys. Without keys, only THROUGHLINE_MODE=dev may go on (payloads stay plain);
 * anything else is a configuration error naming the variables, thrown when the app's Temporal
 * modules are built, before anything connects.
 */
export function payloadCodecsOf(config: PayloadKeyEnv): PayloadCodec[] {
  let found = codecs.get(config);
  if (!found) {
    found = createPayloadCodecs(config);
    codecs.set(config, found);
  }
  return found;
}

function createPayloadCodecs(config: PayloadKeyEnv): PayloadCodec[] {
  const { TEMPORAL_PAYLOAD_KEYS: listed, TEMPORAL_PAYLOAD_KEYS_FILE: fromFile } = config;
  if (listed && fromFile) {
    throw new ConfigError([
      'TEMPORAL_PAYLOAD_KEYS / TEMPORAL_PAYLOAD_KEYS_FILE: set one of them, not both',
    ]);
  }
  const keys = listed ?? fromFile;
  if (keys?.length) return [new EncryptionCodec(new StaticPayloadKeyring(keys))];
  if (config.THROUGHLINE_MODE === 'dev') return [];
  throw new ConfigError([
    'TEMPORAL_PAYLOAD_KEYS: required (or TEMPORAL_PAYLOAD_KEYS_FILE): the keys that encrypt ' +
      'process data in Temporal, e.g. k1:$(openssl rand -base64 32). Only THROUGHLINE_MODE=dev ' +
      'runs without them, with payloads in plain text (unset)',
  ]);
}

/** Whether this configuration encrypts payloads (false only in dev mode without keys). */
export function encryptsPayloads(config: PayloadKeyEnv): boolean {
  return payloadCodecsOf(config).length > 0;
}

/**
 * The module whose `failureConverter` every client, worker and workflow bundle uses (failure
 * messages as encrypted payloads). Without extension: the .ts source under jest, .js in dist/.
 */
export const FAILURE_CONVERTER_PATH = path.join(__dirname, 'failure-converter');

/** The data converter for a Temporal client, worker or replay with this configuration. */
export function temporalDataConverter(config: PayloadKeyEnv): DataConverter {
  return { payloadCodecs: payloadCodecsOf(config), failureConverterPath: FAILURE_CONVERTER_PATH };
}
