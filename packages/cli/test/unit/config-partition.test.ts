import { ConfigError } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { loadConfig, storeConfig } from '../../src/config.js';

describe('SKILLPULSE_ES_PARTITION', () => {
  it('defaults to monthly indices; year and none are the others; the store gets it', () => {
    expect(loadConfig({}).elasticsearch.partition).toBe('month');
    expect(loadConfig({ SKILLPULSE_ES_PARTITION: '' }).elasticsearch.partition).toBe('month');
    expect(loadConfig({ SKILLPULSE_ES_PARTITION: 'year' }).elasticsearch.partition).toBe('year');
    expect(loadConfig({ SKILLPULSE_ES_PARTITION: 'None' }).elasticsearch.partition).toBe('none');
    const config = loadConfig({ SKILLPULSE_STORE: 'elasticsearch', SKILLPULSE_ES_PARTITION: 'none' });
    expect(storeConfig(config)).toMatchObject({ kind: 'elasticsearch', partition: 'none' });
  });

  it.each(['week', 'monthly', '1'])('refuses %s, naming the variable and the allowed values', (value) => {
    expect(() => loadConfig({ SKILLPULSE_ES_PARTITION: value })).toThrow(ConfigError);
    expect(() => loadConfig({ SKILLPULSE_ES_PARTITION: value })).toThrow(
      `SKILLPULSE_ES_PARTITION: "${value}" is not a partition scheme (use month, year, none)`,
    );
  });
});
