import { ConfigError } from '@skillpulse/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { chooseLogFormat } from '../../src/logger.js';

describe('chooseLogFormat', () => {
  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    ['json', false, 'json'],
    ['pretty', true, 'pretty'],
    ['pretty', false, 'pretty'],
  ] as const)('%s with stderr a TTY: %s gives %s', (setting, tty, format) => {
    expect(chooseLogFormat(setting, tty)).toBe(format);
  });
});

describe('SKILLPULSE_LOG_FORMAT', () => {
  it('defaults to auto, also when empty as in a copied .env.example', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ SKILLPULSE_LOG_FORMAT: '' }).logFormat).toBe('auto');
    expect(loadConfig({ SKILLPULSE_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ SKILLPULSE_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('rejects another value, naming the variable and the allowed values', () => {
    expect(() => loadConfig({ SKILLPULSE_LOG_FORMAT: 'text' })).toThrow(ConfigError);
    expect(() => loadConfig({ SKILLPULSE_LOG_FORMAT: 'text' })).toThrow('SKILLPULSE_LOG_FORMAT: "text" is not one of auto, json, pretty');
  });
});
