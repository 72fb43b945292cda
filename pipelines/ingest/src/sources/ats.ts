import { ATS_API_BASES, ATS_KINDS, type AtsConfig, type AtsKind, atsSource } from '@skillpulse/crawl';
import { Type } from 'typebox';
import { HTTP_URL_FORMAT, optional, type SourceDescriptor } from './descriptor.js';

export type AtsSection = { type: AtsKind } & Omit<AtsConfig, 'kind'>;

const ATS_URLS: Record<AtsKind, string> = {
  greenhouse: 'https://boards.greenhouse.io/acme',
  lever: 'https://jobs.lever.co/acme',
  ashby: 'https://jobs.ashbyhq.com/acme',
  workable: 'https://apply.workable.com/acme',
  smartrecruiters: 'https://jobs.smartrecruiters.com/Acme',
  recruitee: 'https://acme.recruitee.com',
};

/** ATS whose API gives no company name: set `company:` or the postings have none. */
export const ATS_WITHOUT_COMPANY: readonly AtsKind[] = ['lever', 'ashby'];

const ATS_NAMES: Record<AtsKind, string> = {
  greenhouse: 'A Greenhouse',
  lever: 'A Lever',
  ashby: 'An Ashby',
  workable: 'A Workable',
  smartrecruiters: 'A SmartRecruiters',
  recruitee: 'A Recruitee',
};

/** An ATS job board read through its public JSON API: one descriptor per ATS, sharing one schema shape. */
function atsDescriptor(kind: AtsKind): SourceDescriptor<AtsSection> {
  const example = kind === 'smartrecruiters' ? 'Acme' : 'acme';
  return {
    type: kind,
    description: `${ATS_NAMES[kind]} job board, read through its public JSON API.`,
    nameDefault: `\`${kind}-<board>\``,
    keys: {
      board: Type.String({
        minLength: 1,
        maxLength: 200,
        description: `The board name, as in the board's public URL (${ATS_URLS[kind]} → \`${example}\`).`,
        examples: [example],
      }),
      company: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 200,
          description: ATS_WITHOUT_COMPANY.includes(kind)
            ? `Company name of every posting. **Needed for ${kind}**: its API gives no company name, so without it the postings have none.`
            : `Company name for postings whose API record gives none (${kind} usually gives one).`,
          defaultText: 'none',
          examples: ['Acme'],
        }),
      ),
      apiBase: Type.Optional(
        Type.String({
          minLength: 1,
          format: HTTP_URL_FORMAT,
          description:
            kind === 'recruitee'
              ? 'API host; `{board}` is replaced by the board name (Recruitee serves each board on its own host). Set it for a mirror or a local copy.'
              : 'API host, for a mirror or a local copy of the API; `{board}` in it is replaced by the board name.',
          default: ATS_API_BASES[kind],
          examples: [kind === 'recruitee' ? 'https://{board}.recruitee.com' : 'http://127.0.0.1:8080'],
        }),
      ),
    },
    section(raw) {
      const board = raw.board as string;
      return {
        type: kind,
        name: optional<string>(raw.name) ?? `${kind}-${board}`,
        board,
        company: optional(raw.company),
        apiBase: optional(raw.apiBase),
      };
    },
    create: (section) => ({ adapter: atsSource({ ...section, kind: section.type }) }),
  };
}

/** Greenhouse, Lever, Ashby, Workable, SmartRecruiters and Recruitee, in that order. */
export const atsSources = ATS_KINDS.map(atsDescriptor);
