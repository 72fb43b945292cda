// Extraction benchmark: postings/s and MB/s on one core over >= 20 MB of posting text, and the
// ratio to the time natural's word tokenizer alone takes on the same text (target: >= 10 MB/s, ratio <= 4).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { htmlToText } from '@skillpulse/core';
import { SkillExtractor } from '@skillpulse/extract';
import { generateSamplePostings } from '@skillpulse/sample-board';
import * as taxonomies from '@skillpulse/taxonomy';

const require = createRequire(import.meta.url);
// Loaded per module for the same reason the extractor does (see ARCHITECTURE.md).
const WordTokenizer = require('natural/lib/natural/tokenizers/regexp_tokenizer').WordTokenizer;

function corpus(targetBytes) {
  const texts = generateSamplePostings(2000, 7).map((p) => htmlToText(p.descriptionHtml).text);
  try {
    for (const line of readFileSync(new URL('../../../shared/eval/skillspan-tech-dev/postings_dev.jsonl', import.meta.url), 'utf8').split(
      '\n',
    )) {
      if (line.trim())
        texts.push(
          JSON.parse(line)
            .sentences.map((s) => s.text)
            .join('\n'),
        );
    }
  } catch {
    // The shared evaluation set is optional here: the sample board alone is a valid corpus.
  }
  const postings = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const text = texts[i % texts.length];
    postings.push(text);
    bytes += Buffer.byteLength(text);
  }
  return { postings, bytes };
}

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function benchExtract({ quick = false } = {}) {
  const { postings, bytes } = corpus(quick ? 4e6 : 20e6);
  const rssBefore = process.memoryUsage().rss;
  let taxonomy;
  // A fresh load of the bundled data (getDefaultTaxonomy may have been cached by the corpus generator).
  const loadSeconds = time(() => {
    taxonomy = taxonomies.loadTaxonomy(taxonomies.DEFAULT_TAXONOMY_PATHS ?? taxonomies.DEFAULT_TAXONOMY_PATH);
  });
  let extractor;
  const buildSeconds = time(() => {
    extractor = new SkillExtractor({ taxonomy });
  });
  const tokenizer = new WordTokenizer();
  // Warm up both so the JIT has compiled the hot paths before timing.
  for (const text of postings.slice(0, 500)) {
    extractor.extract({ text });
    tokenizer.tokenize(text);
  }
  let skills = 0;
  const extractSeconds = time(() => {
    for (const text of postings) skills += extractor.extract({ text }).skills.length;
  });
  let tokens = 0;
  const tokenizeSeconds = time(() => {
    for (const text of postings) tokens += tokenizer.tokenize(text).length;
  });
  const mb = bytes / 1e6;
  console.log(
    `extract: taxonomy ${taxonomy.version} (${taxonomy.skills.length} skills) loaded in ${(loadSeconds * 1000).toFixed(0)} ms, matcher built in ${(buildSeconds * 1000).toFixed(0)} ms`,
  );
  const rss = process.memoryUsage().rss;
  console.log(
    `extract: resident memory ${(rss / 1e6).toFixed(0)} MB after the run (taxonomy, matcher and the run: +${((rss - rssBefore) / 1e6).toFixed(0)} MB over the corpus alone)`,
  );
  console.log(`extract: ${postings.length} postings, ${mb.toFixed(1)} MB, ${skills} skills found, ${tokens} tokens`);
  console.log(
    `extract: ${(postings.length / extractSeconds).toFixed(0)} postings/s, ${(mb / extractSeconds).toFixed(1)} MB/s (one core, ${extractSeconds.toFixed(2)} s)`,
  );
  console.log(
    `extract: natural WordTokenizer alone ${(mb / tokenizeSeconds).toFixed(1)} MB/s; ratio extract/tokenizer time = ${(extractSeconds / tokenizeSeconds).toFixed(2)} (target <= 4)`,
  );
}
