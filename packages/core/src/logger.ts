/**
 * The logging surface libraries accept. It is the subset of pino's API we use, so a
 * Fastify or pino logger fits, and libraries never create a logger of their own.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** For callers that do not want log lines (unit tests, library defaults). */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
};
