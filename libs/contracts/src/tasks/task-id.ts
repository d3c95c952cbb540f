// Task ids must lead the API to their process without a lookup table, and be URL-safe:
// base64url(workflow id) + '.' + sequence. Pure JS, because workflow code has no Buffer.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63].map((c) => ALPHABET[c]);
    out += chars.slice(0, i + 2 > bytes.length ? 2 : i + 3 > bytes.length ? 3 : 4).join('');
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    const n = [...chunk.padEnd(4, 'A')].reduce((acc, c) => (acc << 6) | ALPHABET.indexOf(c), 0);
    bytes.push((n >> 16) & 255);
    if (chunk.length > 2) bytes.push((n >> 8) & 255);
    if (chunk.length > 3) bytes.push(n & 255);
  }
  return Uint8Array.from(bytes);
}

export function taskId(workflowId: string, sequence: number): string {
  return `${toBase64Url(new TextEncoder().encode(workflowId))}.${sequence}`;
}

/** The process and sequence of a task id, or undefined when it is not one. */
export function parseTaskId(id: string): { workflowId: string; sequence: number } | undefined {
  const match = /^([A-Za-z0-9_-]{2,600})\.(\d{1,6})$/.exec(id);
  if (!match) return undefined;
  const bytes = fromBase64Url(match[1]);
  if (!bytes) return undefined;
  try {
    const workflowId = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return taskId(workflowId, Number(match[2])) === id
      ? { workflowId, sequence: Number(match[2]) }
      : undefined;
  } catch {
    return undefined;
  }
}
