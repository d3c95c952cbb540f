import type { PayloadCodec } from '@temporalio/common';
import { payloadCodecsOf } from '@throughline/temporal';
import type { ApiConfig } from '../api.config';
import { codecSessionKey } from './codec-session';

export const CODEC_OPTIONS = Symbol('CODEC_OPTIONS');

/** What the codec server needs: the apps' payload codecs, the UI's origin, the session key. */
export interface CodecOptions {
  /** The same codecs as every Temporal client and worker (empty in dev mode without keys). */
  codecs: PayloadCodec[];
  /** The Temporal UI (TEMPORAL_UI_URL). */
  uiUrl: string;
  /** The one origin allowed to call the codec from a browser: the Temporal UI's. */
  uiOrigin: string;
  /** Seals the sessions of GET /codec. */
  sessionKey: Buffer;
  /** Sessions travel over HTTPS only (when the UI is served over HTTPS, so must the codec be). */
  secureCookie: boolean;
}

export function codecOptionsOf(config: ApiConfig): CodecOptions {
  const ui = new URL(config.TEMPORAL_UI_URL);
  const keys = config.TEMPORAL_PAYLOAD_KEYS ?? config.TEMPORAL_PAYLOAD_KEYS_FILE;
  return {
    codecs: payloadCodecsOf(config),
    uiUrl: config.TEMPORAL_UI_URL,
    uiOrigin: ui.origin,
    sessionKey: codecSessionKey(keys?.[0]),
    secureCookie: ui.protocol === 'https:',
  };
}
