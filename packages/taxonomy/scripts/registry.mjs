// The skills being built: curated entries first, then generated ones; every surface form claimed once.
import { claimKey, compactKey, learnTokenCase, measureForm, slug } from './taxonomy-rules.mjs';

export class Registry {
  constructor(curated, context) {
    this.context = context;
    this.byId = new Map();
    this.claims = new Map();
    this.compact = new Map();
    this.tokenCase = new Map();
    this.log = [];
    for (const raw of curated.skills) {
      const entry = {
        id: raw.id,
        name: String(raw.name),
        category: raw.category,
        parent: raw.parent ?? null,
        caseSensitive: raw.caseSensitive === true,
        origin: 'curated',
        raw,
        aliases: [],
        ambiguous: [],
        provenance: ['curated'],
        soAliases: [],
        soAmbiguous: [],
        soProvenance: [],
        noGenerated: raw.noGenerated === true,
      };
      this.byId.set(entry.id, entry);
      for (const form of [raw.name, ...(raw.aliases ?? [])]) {
        this.claim(entry, String(form));
        learnTokenCase(this.tokenCase, String(form));
      }
    }
  }

  entries() {
    return [...this.byId.values()];
  }

  claim(entry, form) {
    const key = claimKey(form);
    if (!this.claims.has(key)) this.claims.set(key, entry);
    const compact = compactKey(form);
    if (!this.compact.has(compact)) this.compact.set(compact, entry);
  }

  /** The skill a form already belongs to (same key, or same run-together key). */
  resolve(form) {
    return this.claims.get(claimKey(form)) ?? this.compact.get(compactKey(form));
  }

  measure(form) {
    return measureForm(form, this.context);
  }

  /**
   * Adds a generated alias if no other skill claims it and the ambiguity rule finds it clear. A
   * generated alias is a fragment or a variant of the name ("Discover" of "ACT Discover", Linguist's
   * "gas"), so one that reads as an ordinary word is dropped rather than kept as ambiguous; only a
   * generated NAME may be ambiguous. (So curated skills never gain ambiguous forms either.)
   */
  addAlias(entry, form, { so = false } = {}) {
    const text = String(form).replace(/\s+/g, ' ').trim();
    if (text === '' || entry.caseSensitive || entry.noGenerated) return false;
    const owner = this.resolve(text);
    if (owner === entry && this.claims.get(claimKey(text)) === entry) return true;
    if (owner && owner !== entry) return false;
    const { verdict, why } = this.measure(text);
    if (verdict !== 'clear') {
      this.log.push(`alias dropped (${verdict}): ${entry.id} "${text}" (${why})`);
      return false;
    }
    (so ? entry.soAliases : entry.aliases).push(text);
    if (verdict === 'ambiguous') (so ? entry.soAmbiguous : entry.ambiguous).push(text);
    this.claim(entry, text);
    return true;
  }

  /** A new skill, or null when its name is claimed already or too common to be a name at all. */
  create({ name, category, parent = null, origin, provenance }) {
    const text = String(name).replace(/\s+/g, ' ').trim();
    if (this.resolve(text)) return null;
    const { verdict, why } = this.measure(text);
    if (verdict === 'drop') {
      this.log.push(`skill dropped: "${text}" from ${provenance.join(', ')} (${why})`);
      return null;
    }
    // "React Redux": two known skills named together. The text names both; a third skill would take
    // the longest match from them.
    const words = text.split(' ');
    for (let k = 1; k < words.length; k++) {
      const head = this.resolve(words.slice(0, k).join(' '));
      const tail = this.resolve(words.slice(k).join(' '));
      if (head && tail && head !== tail) {
        this.log.push(`skill dropped: "${text}" from ${provenance.join(', ')} (names ${head.id} and ${tail.id})`);
        return null;
      }
    }
    let id = slug(text) || 'skill';
    for (let n = 2; this.byId.has(id); n++) id = `${slug(text)}-${n}`;
    const entry = {
      id,
      name: text,
      category,
      parent,
      caseSensitive: false,
      origin,
      aliases: [],
      ambiguous: verdict === 'ambiguous' ? [text] : [],
      provenance: [...provenance],
      soAliases: [],
      soAmbiguous: [],
      soProvenance: [],
    };
    this.byId.set(id, entry);
    this.claim(entry, text);
    learnTokenCase(this.tokenCase, text);
    return entry;
  }

  addProvenance(entry, item, { so = false } = {}) {
    const list = so && entry.origin !== 'so' ? entry.soProvenance : entry.provenance;
    if (!list.includes(item)) list.push(item);
  }
}
