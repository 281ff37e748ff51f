import type { Redactor } from '../errors/redact.js';

/**
 * Severity of a log line.
 *
 * @example
 * ```ts
 * const level: LogLevel = process.env.DEBUG ? 'debug' : 'warn';
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the transport writes diagnostics. Every line is redacted before it reaches a logger.
 *
 * @example
 * ```ts
 * const logger: Logger = { log: (level, message, data) => myPino[level]({ ...data }, message) };
 * ```
 */
export interface Logger {
  log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
}

/**
 * Discards everything: the default, so a library never writes to a user's console unasked.
 *
 * @example
 * ```ts
 * createClient({ backend, logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = Object.freeze({ log() {} });

/**
 * Writes to `console` at `minLevel` and above.
 *
 * @example
 * ```ts
 * createClient({ backend, logger: consoleLogger('debug') });
 * ```
 */
export function consoleLogger(minLevel: LogLevel = 'info'): Logger {
  const threshold = LEVELS.indexOf(minLevel);
  return {
    log(level, message, data) {
      if (LEVELS.indexOf(level) < threshold) return;
      const line = `[channelkit] ${message}`;
      // biome-ignore lint/suspicious/noConsole: this is the console logger
      const fn = level === 'error' ? console.error : level === 'warn' ? console.warn : level === 'info' ? console.info : console.debug;
      if (data === undefined) fn(line);
      else fn(line, data);
    },
  };
}

/**
 * Wraps a logger so that its message and data pass through a {@link Redactor} first.
 *
 * @example
 * ```ts
 * const log = redactingLogger(consoleLogger(), createRedactor([apiKey]));
 * log.log('warn', `rejected ${apiKey}`); // prints "rejected [REDACTED]"
 * ```
 */
export function redactingLogger(inner: Logger, redactor: Redactor): Logger {
  return {
    log(level, message, data) {
      inner.log(level, redactor.text(message), data === undefined ? undefined : (redactor.value(data) as Record<string, unknown>));
    },
  };
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
