import type { EmergingInput } from '@skillpulse/extract';
import { emergingOverlayYaml, findEmergingTerms } from '@skillpulse/extract';
import { lookupSkill } from '@skillpulse/taxonomy';
import { configuredTaxonomy } from '../config.js';
import { type Command, withStore } from '../runtime.js';
import { oneOf, parseCommand, UsageError, wholeNumber } from '../usage.js';

export const taxonomy: Command = {
  summary: 'look up a skill, or list emerging terms the taxonomy lacks',
  usage: `skillpulse taxonomy lookup TEXT
skillpulse taxonomy emerging [--limit N] [--min-postings N] [--format json|text] [--data-dir DIR]

  lookup     prints {"id","name","category"} for a skill name, alias or id; exit code 1 when unknown
  emerging   frequent capitalised or "experience with X" terms across stored postings that are not
             in the taxonomy, ranked by TF-IDF, with an example sentence each: candidates to curate`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, {
      limit: { type: 'string' },
      'min-postings': { type: 'string' },
      format: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    if (sub === 'lookup') {
      if (rest.length === 0) throw new UsageError('taxonomy lookup: missing TEXT');
      const skill = lookupSkill(configuredTaxonomy(io.config), rest.join(' '));
      if (!skill) {
        io.stderr.write(`skillpulse taxonomy lookup: no skill named "${rest.join(' ')}"\n`);
        return 1;
      }
      io.stdout.write(`${JSON.stringify({ id: skill.id, name: skill.name, category: skill.category })}\n`);
      return 0;
    }
    if (sub !== 'emerging') {
      throw new UsageError(
        sub === undefined
          ? 'taxonomy: missing subcommand (lookup or emerging)'
          : `taxonomy: unknown subcommand "${sub}" (lookup or emerging)`,
      );
    }
    if (rest.length > 0) throw new UsageError(`taxonomy emerging: unexpected argument "${rest[0]}"`);
    const limit = wholeNumber('--limit', values.limit, 50);
    const minPostings = wholeNumber('--min-postings', values['min-postings'], 2);
    const format = oneOf('--format', values.format, ['json', 'text'] as const, 'text');
    return withStore(io, values['data-dir'], async (store) => {
      const postings: EmergingInput[] = [];
      for await (const posting of store.iteratePostings()) {
        postings.push({ text: posting.descriptionText, exclude: [posting.company ?? '', ...posting.locations, posting.country ?? ''] });
      }
      const taxonomy = configuredTaxonomy(io.config);
      const terms = findEmergingTerms(postings, taxonomy, { limit, minPostings });
      // Every candidate as a ready-to-paste overlay entry: text output is itself an overlay file.
      const overlay = emergingOverlayYaml(terms, taxonomy, postings.length);
      if (format === 'json') io.stdout.write(`${JSON.stringify({ postings: postings.length, terms, overlay }, null, 2)}\n`);
      else io.stdout.write(overlay);
      return 0;
    });
  },
};
