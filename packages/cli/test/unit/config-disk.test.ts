import { ConfigError } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('SKILLPULSE_DISK_WARN_MB', () => {
  it('defaults to 500 MB; 0 turns the warning off', () => {
    expect(loadConfig({}).diskWarnMb).toBe(500);
    expect(loadConfig({ SKILLPULSE_DISK_WARN_MB: '' }).diskWarnMb).toBe(500);
    expect(loadConfig({ SKILLPULSE_DISK_WARN_MB: '0' }).diskWarnMb).toBe(0);
    expect(loadConfig({ SKILLPULSE_DISK_WARN_MB: '2048' }).diskWarnMb).toBe(2048);
  });

  it.each(['-1', '1.5', 'lots', 'Infinity'])('refuses %s', (value) => {
    expect(() => loadConfig({ SKILLPULSE_DISK_WARN_MB: value })).toThrow(ConfigError);
    expect(() => loadConfig({ SKILLPULSE_DISK_WARN_MB: value })).toThrow(
      `SKILLPULSE_DISK_WARN_MB: "${value}" is not a whole number of at least 0`,
    );
  });
});
