import { jsonText } from '../core/jsonText.js';
import { HotsockRefusal } from './model.js';

const FORBIDDEN = /[*#,\s]/u;

/** Channel names: 1–256 characters, no `*` `#` `,` or whitespace (spec §5). */
export function checkChannel(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new HotsockRefusal('INVALID_CHANNEL', 400, 'channel is required and must be a string');
  if (name.length > 256) throw new HotsockRefusal('INVALID_CHANNEL', 400, 'channel names are at most 256 characters');
  if (FORBIDDEN.test(name)) throw new HotsockRefusal('INVALID_CHANNEL', 400, 'channel names must not contain * # , or whitespace');
  return name;
}

/** Client event names: 1–128 characters, not `hotsock.`/`#`-prefixed, no `*`. */
export function checkEvent(event: unknown): string {
  if (typeof event !== 'string' || event.length === 0) throw new HotsockRefusal('INVALID_EVENT', 400, 'event is required and must be a string');
  if (event.length > 128) throw new HotsockRefusal('INVALID_EVENT', 400, 'event names are at most 128 characters');
  if (event.startsWith('hotsock.') || event.startsWith('#') || event.includes('*'))
    throw new HotsockRefusal('INVALID_EVENT', 400, 'event names must not start with hotsock. or # and must not contain *');
  return event;
}

/**
 * Data and storage values: any JSON up to 32 KiB (seed 002 and spec §5 document the size and
 * nothing about depth, so any nesting that fits is accepted and delivered; `jsonText` measures
 * and serializes it without the call-stack limit of `JSON.stringify`).
 */
export function checkData(data: unknown, what = 'data'): void {
  if (Buffer.byteLength(jsonText(data)) > 32 * 1024) throw new HotsockRefusal('DATA_TOO_LARGE', 413, `${what} exceeds 32 KiB`);
}

/** Storage keys: 1–128 characters, no space `*` `#` `,`. */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 128 || FORBIDDEN.test(key))
    throw new HotsockRefusal('INVALID_STORAGE_KEY', 400, 'storage keys are 1-128 characters without * # , or whitespace');
  return key;
}
