import { ConfigError, ERROR_CODES, ERROR_TABLE, SkillPulseError, StoreError } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../src/errors.js';

describe('errorResponse', () => {
  it('answers every code with the status of the error table', () => {
    for (const code of ERROR_CODES) {
      expect(errorResponse(new SkillPulseError(code, 'why')).statusCode, code).toBe(ERROR_TABLE[code].status);
    }
  });

  it('gives a store that cannot be opened or reached 503 with its reason, never a bare 500', () => {
    for (const code of [
      'SKILLPULSE_ERR_STORE_OPEN',
      'SKILLPULSE_ERR_STORE_STATE',
      'SKILLPULSE_ERR_ES_UNREACHABLE',
      'SKILLPULSE_ERR_ES_AUTH',
    ]) {
      expect(errorResponse(new StoreError('store unavailable: no answer', { code }))).toEqual({
        statusCode: 503,
        code,
        error: 'Service Unavailable',
        message: 'store unavailable: no answer',
      });
    }
  });

  it('hides the message of a 500 and of a code missing from the table', () => {
    expect(errorResponse(new ConfigError('/etc/secret path is wrong'))).toMatchObject({ statusCode: 500, message: 'internal error' });
    expect(errorResponse(new SkillPulseError('SKILLPULSE_ERR_NOT_IN_THE_TABLE', 'detail'))).toMatchObject({
      statusCode: 500,
      message: 'internal error',
    });
    expect(errorResponse(new Error('boom'))).toMatchObject({ statusCode: 500, code: 'SKILLPULSE_ERR_INTERNAL' });
  });
});
