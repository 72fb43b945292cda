import type { NormalisedPosting } from '@skillpulse/core';
import { type BatchExtractor, type ExtractionResult, toPostingSkills } from '@skillpulse/extract';
import type { CanonicalLink, CrawlRun, PostingInput, SkillStore } from '@skillpulse/store';
import { type IndexedPosting, isEarlier, type NearDuplicateIndex, postingSignature, type Signature } from './dedupe.js';
import { type Derived, defaultDeriver, type PostingDeriver } from './derive.js';

/** What one batch of normalised postings needs to be deduplicated, extracted, derived and stored (crawl and import). */
export interface BatchContext {
  store: SkillStore;
  extractor: BatchExtractor;
  deriver: PostingDeriver | undefined;
  index: NearDuplicateIndex;
  run: CrawlRun;
  /** Filled with the ids of the postings stored (or touched) once their writes succeeded (a crawl's, to tell what a store failure lost). */
  storedIds?: Set<string>;
  /** Signatures computed ahead (an import's reader thread); the others are computed here. */
  signatures?: WeakMap<NormalisedPosting, Signature>;
}

/** A new or changed posting ready to store: extracted and derived, not yet compared for near-duplicates. */
export interface PreparedPosting {
  input: PostingInput;
  signature: Signature;
}

/** Gives the event loop a turn when `everyMs` passed since the last one (a turn per posting cost more than some postings' work). */
function turnTaker(everyMs = 4): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < everyMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

/** Normalise → dedupe → extract → derive → store for one batch; counts go to `run`. Shared by crawls and `skillpulse import`. */
export async function storeBatch(postings: NormalisedPosting[], context: BatchContext): Promise<void> {
  await storePrepared(await prepareBatch(postings, context), context);
}

/**
 * The first half of `storeBatch`, which needs no other posting: postings stored already with the
 * same content are marked as seen; the others are extracted, derived and signed. An import runs it
 * over the whole file first, then `storePrepared` in order of publication (import/by-week.ts).
 */
export async function prepareBatch(
  postings: NormalisedPosting[],
  { store, extractor, deriver, storedIds, signatures }: Pick<BatchContext, 'store' | 'extractor' | 'deriver' | 'storedIds' | 'signatures'>,
): Promise<PreparedPosting[]> {
  const seenAt = new Date().toISOString();
  // The same posting twice in a batch (two listing pages) is one posting.
  const unique = [...new Map(postings.map((p) => [p.id, p])).values()];
  const stored = await store.getContentHashes(unique.map((p) => p.id));
  const unchanged = unique.filter((p) => stored.get(p.id) === p.contentHash);
  if (unchanged.length > 0) {
    await store.touchPostings(
      unchanged.map((p) => p.id),
      seenAt,
    );
    for (const p of unchanged) storedIds?.add(p.id);
  }
  const changed = unique.filter((p) => stored.get(p.id) !== p.contentHash);
  // Extraction is the heavy work: a pool runs it on worker threads, results in order, while this
  // thread computes the signatures (awaited below, so a failure still fails the batch; the catch
  // only keeps it from being reported as unhandled meanwhile).
  const extracting = extractor.extractAll(
    changed.map((p) => (p.descriptionHtml ? { html: p.descriptionHtml, posting: p.url } : { text: p.descriptionText, posting: p.url })),
    { skillsOnly: true },
  );
  extracting.catch(() => undefined);
  // A signature of a long posting takes tens of milliseconds: the event loop (the API, signals)
  // gets a turn every few milliseconds, as it does while the extraction pool works.
  const yielder = turnTaker();
  const signed: Signature[] = [];
  for (const posting of changed) {
    await yielder();
    signed.push(signatures?.get(posting) ?? postingSignature(posting));
  }
  const extractions = await extracting;
  // Role and place (docs/roles.md, docs/places.md); the deriver is loaded by the first batch that
  // needs it (once per process). A title can take milliseconds: the event loop gets turns between.
  const prepared: PreparedPosting[] = [];
  for (const [i, posting] of changed.entries()) {
    await yielder();
    const extraction = extractions[i] as ExtractionResult;
    const skills = toPostingSkills(extraction);
    const { role, place, country }: Derived = (deriver ?? defaultDeriver()).derive(
      posting,
      skills.map((s) => s.skillId),
    );
    const input: PostingInput = {
      ...posting,
      country,
      skills,
      taxonomyVersion: extraction.taxonomyVersion,
      extractorVersion: extraction.extractorVersion,
      canonicalId: null,
      role,
      place,
      seenAt,
    };
    prepared.push({ input, signature: signed[i] as Signature });
  }
  return prepared;
}

/**
 * The second half of `storeBatch`: each posting is compared with the index (the canonical postings
 * of its window) in order, and points at the earliest of its group; then the batch is stored.
 */
export async function storePrepared(
  prepared: PreparedPosting[],
  { store, index, run, storedIds }: Pick<BatchContext, 'store' | 'index' | 'run' | 'storedIds'>,
): Promise<void> {
  if (prepared.length === 0) return;
  const promoted: Array<{ previous: string; canonical: string }> = [];
  for (const { input, signature } of prepared) {
    const { id, title, datePosted, seenAt } = input;
    const entry: IndexedPosting = { id, title, datePosted, firstSeen: seenAt, signature };
    const match = index.match(entry);
    if (match === null) index.add(entry);
    else if (isEarlier(entry, match)) {
      // The new posting is older than the group's canonical one: it takes over the group.
      promoted.push({ previous: match.id, canonical: id });
      index.remove(match.id);
      index.add(entry);
      run.postingsDuplicate++;
    } else {
      input.canonicalId = match.id;
      run.postingsDuplicate++;
    }
  }
  const batch = prepared.map((p) => p.input);
  const result = await store.upsertPostings(batch);
  for (const p of batch) storedIds?.add(p.id);
  run.postingsNew += result.inserted;
  run.postingsUpdated += result.updated;
  // The record follows the run, so the dashboard shows live counts and a killed run keeps its own.
  await store.saveRun(run);
  if (promoted.length > 0) {
    const links: CanonicalLink[] = [];
    for (const { previous, canonical } of promoted) {
      links.push({ id: previous, canonicalId: canonical });
      for (const id of await store.duplicatesOf(previous)) if (id !== canonical) links.push({ id, canonicalId: canonical });
    }
    await store.setCanonical(links);
  }
}
