// The API for the api bench, in its own process so the load generator does not share its event loop.
// argv: path of the SQLite file, or `--elasticsearch URL INDEX_PREFIX`. Sends the listening address to the parent over IPC.
// BENCH_PROFILE=FILE writes a CPU profile of the server there when the bench ends.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildApp } from '@skillpulse/api';
import { ElasticsearchStore, SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';

const profileFile = process.env.BENCH_PROFILE;
const session = profileFile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const [first, url, indexPrefix] = process.argv.slice(2);
const store =
  first === '--elasticsearch'
    ? await ElasticsearchStore.open({ url, indexPrefix, shards: 1, replicas: 0 })
    : new SqliteStore({ path: first });
const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send({ address });
process.on('disconnect', async () => {
  if (session) writeFileSync(profileFile, JSON.stringify((await session.post('Profiler.stop')).profile));
  await app.close();
  await store.close();
  process.exit(0);
});
