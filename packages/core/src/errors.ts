/**
 * Every error SkillPulse raises on purpose carries a stable code, so that callers
 * (the API, the CLI) can map it to a status or exit code without parsing messages:
 * both look it up in ERROR_TABLE (error-table.ts), which must have a row for every code.
 */
export class SkillPulseError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input from a user (a parameter, a file, a flag) is wrong; retrying the same input cannot help. */
export class InvalidInputError extends SkillPulseError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'SKILLPULSE_ERR_INVALID_INPUT', message, options);
  }
}

/** A named thing (skill, job, posting) does not exist. */
export class NotFoundError extends SkillPulseError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'SKILLPULSE_ERR_NOT_FOUND', message, options);
  }
}

/** Configuration (environment variables, job files, store settings) is wrong or unusable. */
export class ConfigError extends SkillPulseError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'SKILLPULSE_ERR_CONFIG', message, options);
  }
}

/** The store failed; data already stored is left untouched. */
export class StoreError extends SkillPulseError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'SKILLPULSE_ERR_STORE', message, options);
  }
}

export function isSkillPulseError(error: unknown): error is SkillPulseError {
  return error instanceof SkillPulseError;
}
