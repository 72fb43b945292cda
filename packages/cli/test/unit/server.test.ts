import { describe, expect, it } from 'vitest';
import { portOption, serverOptions, warnIfDiskLow } from '../../src/server.js';
import { UsageError } from '../../src/usage.js';
import { testIo } from './io.js';

describe('serve and start options', () => {
  it('take host, port and data directory from flags, else the configuration', () => {
    const { io } = testIo({ SKILLPULSE_PORT: '4000', SKILLPULSE_DATA_DIR: '/data' });
    expect(serverOptions('serve', [], io)).toEqual({ host: io.config.host, port: 4000, dataDir: '/data' });
    expect(serverOptions('serve', ['--host', '0.0.0.0', '--port', '0', '--data-dir', '/d'], io)).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/d',
    });
  });

  it.each(['-1', '65536', '80.5', 'eighty'])('refuse port %s', (value) => {
    expect(() => portOption(value, 3000)).toThrow(new UsageError(`--port: "${value}" is not a port number (0-65535)`));
  });
});

describe('warnIfDiskLow', () => {
  const warnings = (env: Record<string, string>, free: number | null) => {
    const lines: string[] = [];
    const { io } = testIo(env);
    warnIfDiskLow(
      '/data',
      { config: io.config, logger: { warn: (_fields: object, message: string) => lines.push(message) } as never },
      free,
    );
    return lines;
  };
  it('warns below SKILLPULSE_DISK_WARN_MB, naming the free space and the setting', () => {
    expect(warnings({ SKILLPULSE_DISK_WARN_MB: '100' }, 50 * 1_048_576)).toEqual([
      'low disk space: 50 MB free under /data (SKILLPULSE_DISK_WARN_MB is 100); a crawl that cannot write fails and resumes once space is freed',
    ]);
  });
  it('is quiet with enough space, an unknown free space, or the warning off', () => {
    expect(warnings({ SKILLPULSE_DISK_WARN_MB: '100' }, 100 * 1_048_576)).toEqual([]);
    expect(warnings({ SKILLPULSE_DISK_WARN_MB: '100' }, null)).toEqual([]);
    expect(warnings({ SKILLPULSE_DISK_WARN_MB: '0' }, 0)).toEqual([]);
  });
});
