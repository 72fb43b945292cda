// The three sources, each turned into skills by rules (see curation/rules.yaml and README.md).
import { displayName, lemmaCount } from './taxonomy-rules.mjs';

export { addOnet } from './onet.mjs';

const NOT_TECH = new Set(['practice', 'soft-skill']);
const quote = (text) => JSON.stringify(text);

/** GitHub Linguist: programming and markup languages, with their aliases and group (parent). */
export function addLinguist(registry, languages, rules) {
  const stats = { merged: 0, created: 0 };
  const groups = [];
  for (const name of Object.keys(languages).sort()) {
    const def = languages[name] ?? {};
    if (!rules.types.includes(def.type)) continue;
    const provenance = `linguist:${quote(name)}`;
    let entry = registry.resolve(name);
    if (entry) stats.merged++;
    else {
      entry = registry.create({ name, category: 'language', origin: 'linguist', provenance: [provenance] });
      if (!entry) continue;
      stats.created++;
      if (def.group) groups.push([entry, def.group]);
    }
    registry.addProvenance(entry, provenance);
    for (const alias of def.aliases ?? []) registry.addAlias(entry, alias);
  }
  for (const [entry, group] of groups) {
    const parent = registry.resolve(group);
    if (parent && parent !== entry) entry.parent = parent.id;
  }
  return stats;
}

const VERSION_WORD = /^(\d+(\.\d+)*(\.x)?|v\d+|r\d|sp\d|x)$/;
const CONCEPT_SUFFIX = /(ing|tion|sion|ment|ness|ity|ism|ance|ence|ency|ogy|ics|ers)$/;

/**
 * Stack Overflow tags with at least `minQuestions` questions, most asked first. A tag that is a
 * spelling of a known skill becomes its alias; "<skill>-<version>" an alias; "<vendor>-<words>" a
 * product of that vendor; "<skill>-<words>" a library of that skill unless its words are concepts
 * ("android-layout"); a tag whose words are all English or programming concepts is dropped.
 */
export function addStackOverflow(registry, tags, rules) {
  const stats = { read: 0, variants: 0, versions: 0, created: 0, concepts: 0, features: 0, pairs: 0, rare: 0 };
  const { counts } = registry.context;
  const concept = new Set(rules.conceptWords.map(String));
  const languageApi = new Set(Object.values(rules.languageApis).flat().map(String));
  const family = new Map();
  for (const { tag } of tags) {
    const head = tag.split('-')[0];
    if (head !== tag) family.set(head, (family.get(head) ?? 0) + 1);
  }
  const { wordNet } = registry.context;
  // English by word lists, also in a derived form: "deprecated", "iterable", "accessor", "droppable" (stem + suffix).
  const listed = (word) => lemmaCount(counts, word) >= rules.englishWordCount || wordNet.has(word);
  const english = (word) => {
    if (listed(word) || listed(word.replace(/s$/, '')) || listed(word.replace(/es$/, ''))) return true;
    const m = /^([a-z]{4,}?)(ed|ing|able|ible|er|or|ors|ers|ables)$/.exec(word);
    if (!m) return false;
    const stem = m[1];
    return [stem, `${stem}e`, `${stem}ate`, stem.replace(/(.)\1$/, '$1'), stem.replace(/i$/, 'y')].some((w) => w.length >= 4 && listed(w));
  };
  // A phrase of the dictionary written run together ("adhoc" → ad hoc, "backend" → back end).
  const runTogether = (word) => {
    for (let i = 2; i <= word.length - 2; i++) if (wordNet.has(`${word.slice(0, i)} ${word.slice(i)}`)) return true;
    return false;
  };
  // Identifier pieces no word list holds ("mem", "cpy", "async", "args"), and the short words of method names ("did…at…").
  const pieces = new Set(rules.identifierPieces.map(String));
  // A segment: an English word of ≥ 3 letters or an identifier piece ("html" + "special" + "chars").
  const segment = (part) => pieces.has(part) || (part.length >= 3 && ((counts.get(part) ?? 0) >= 20 || wordNet.has(part) || english(part)));
  // An identifier run together from words ("addeventlistener", "didselectrowatindexpath", "memcpy"): a class or
  // method name, not a product, unless a family of tags grows from it ("firebase-…", "bitbucket-…").
  /** How many segments `word` splits into, fewest first (Infinity: none). */
  const segments = (word) => {
    const best = [0];
    for (let end = 1; end <= word.length; end++) {
      best[end] = Number.POSITIVE_INFINITY;
      for (let start = Math.max(0, end - 20); start <= end - 2; start++) {
        // A two-letter piece ("of", "up", "on") counts half: "dayofweek" is three words, "onsen" not two.
        const weight = end - start === 2 ? 0.5 : 1;
        if (best[start] + weight < best[end] && segment(word.slice(start, end))) best[end] = best[start] + weight;
      }
    }
    return best[word.length];
  };
  const wordsAfter = (rest, min) => {
    const n = segments(rest);
    return n >= min && n < Number.POSITIVE_INFINITY;
  };
  // Platform class names carry a short prefix before the words: NSString, UITableView, JFileChooser, QPushButton, ABAddressBook.
  const prefixes = rules.apiPrefixes.map(String).sort((x, y) => y.length - x.length);
  // (After a one-letter prefix, two words at least: QPushButton, JFileChooser; not QUnit, JSoup.)
  const compoundOfWords = (word) =>
    word.length >= 5 &&
    !/(js|py|db)$/.test(word) &&
    (wordsAfter(word, 2) ||
      prefixes.some((p) => word.startsWith(p) && word.length - p.length >= 4 && wordsAfter(word.slice(p.length), p.length === 1 ? 2 : 1)));
  const isConcept = (word) =>
    concept.has(word) ||
    english(word) ||
    (/^[a-z]+$/.test(word) && runTogether(word)) ||
    VERSION_WORD.test(word) ||
    (word.length >= 7 && CONCEPT_SUFFIX.test(word) && !/\d/.test(word)) ||
    /^\d+[a-z]{0,3}$/.test(word) ||
    (/^[a-z]+$/.test(word) && compoundOfWords(word) && (family.get(word) ?? 0) < rules.productFamilyTags);
  // A member of a language API written with its dot ("console.log", "parallel.foreach", "info.plist"), unlike a
  // product's suffix ("pdf.js", "akka.net", "socket.io").
  const productSuffix = new Set(rules.productDotSuffixes.map(String));
  const apiMember = (tag) => {
    const parts = tag.split('.');
    if (parts.length < 2 || tag.includes('-') || parts.some((p) => !/^[a-z][a-z0-9]*$/.test(p))) return false;
    if (productSuffix.has(parts.at(-1))) return false;
    // "xamarin.forms", "signalr.client": a product of a known skill; "java.util.concurrent": a language's package.
    const head = registry.resolve(parts[0]);
    if (head) return head.category === 'language';
    return parts.some((p) => isConcept(p) || pieces.has(p));
  };
  // A name of ordinary words with short codes ("avl-tree", "utf-16", "exc-bad-access"): a concept, not a product.
  const describes = (parts) =>
    parts.length >= 2 &&
    english(parts.at(-1)) &&
    parts.every((w) => !registry.resolve(w) && (isConcept(w) || /^[a-z]{1,3}$/.test(w) || /^\d+$/.test(w)));
  // Brand casing of a one-word tag: a known suffix pattern ("arangodb" → ArangoDB, "nvd3.js" keeps ".js", "adonis.js"
  // → Adonis.js), an acronym of ≤ 4 letters ("adb" → ADB), or two dictionary words run together, each capitalised ("activerecord" → ActiveRecord).
  const brandCase = (name, tag) => {
    if (tag.includes('-')) return name;
    if (/^[a-z]{2,4}$/.test(tag) && !registry.tokenCase.has(tag)) return tag.toUpperCase();
    const dotted = /^([^.]+)\.(js|net|io|py)$/.exec(tag);
    if (dotted) return `${name.split('.')[0]}.${dotted[2] === 'net' ? 'NET' : dotted[2]}`;
    const suffix = /^([a-z]{3,})(db|sql|ql)$/.exec(tag);
    if (suffix && !registry.tokenCase.has(tag))
      return `${suffix[1].charAt(0).toUpperCase()}${suffix[1].slice(1)}${suffix[2].toUpperCase()}`;
    for (let i = 4; /^[a-z]+$/.test(tag) && !registry.tokenCase.has(tag) && i <= tag.length - 4; i++) {
      const [a, b] = [tag.slice(0, i), tag.slice(i)];
      if (wordNet.has(a) && wordNet.has(b)) return `${a.charAt(0).toUpperCase()}${a.slice(1)}${b.charAt(0).toUpperCase()}${b.slice(1)}`;
    }
    return name;
  };
  const vendors = rules.vendorPrefixes;
  const selected = tags.filter((t) => t.count >= rules.minQuestions).sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
  for (const { tag, count } of selected) {
    stats.read++;
    const provenance = `so:${tag}`;
    const spaced = tag.replace(/-/g, ' ');
    const known = registry.resolve(tag) ?? (/[.]?js$/.test(tag) ? registry.resolve(tag.replace(/[.]?js$/, '')) : undefined);
    if (known) {
      stats.variants++;
      registry.addProvenance(known, provenance, { so: true });
      registry.addAlias(known, spaced, { so: true });
      continue;
    }
    const version = /^(.*?[a-z+#])-?(\d+(?:\.\d+)*(?:\.x)?)$/.exec(tag);
    const versioned = version ? registry.resolve(version[1]) : undefined;
    if (versioned) {
      stats.versions++;
      if (registry.addAlias(versioned, spaced, { so: true })) registry.addProvenance(versioned, provenance, { so: true });
      continue;
    }
    const parts = tag.split('-');
    if (
      concept.has(tag) ||
      languageApi.has(tag) ||
      pieces.has(tag) ||
      apiMember(tag) ||
      (!/[.]/.test(tag) && parts.length === 1 && isConcept(tag))
    ) {
      stats.concepts++;
      continue;
    }
    let prefixLength = 0;
    let parent = null;
    let vendor = null;
    for (let k = parts.length - 1; k >= 1; k--) {
      const prefix = parts.slice(0, k).join('-');
      if (Object.hasOwn(vendors, prefix)) {
        vendor = prefix;
        prefixLength = k;
        const id = vendors[prefix];
        parent = id && registry.byId.has(id) ? registry.byId.get(id) : null;
        break;
      }
      const owner = registry.resolve(prefix);
      if (owner) {
        prefixLength = k;
        parent = owner;
        break;
      }
    }
    const rest = parts.slice(prefixLength);
    if (parent && rest.every((w) => VERSION_WORD.test(w))) {
      stats.versions++;
      if (registry.addAlias(parent, spaced, { so: true })) registry.addProvenance(parent, provenance, { so: true });
      continue;
    }
    // "amazon-cloudformation": the vendor's spelling of a skill we have.
    const restSkill = vendor ? registry.resolve(rest.join('-')) : undefined;
    if (restSkill && parent && (restSkill.parent === parent.id || restSkill === parent)) {
      stats.variants++;
      registry.addProvenance(restSkill, provenance, { so: true });
      registry.addAlias(restSkill, spaced, { so: true });
      continue;
    }
    if (parts.length === 1 && /^[a-z]{1,4}$/.test(tag) && tags.find((t) => t.tag === tag).count < rules.shortTagMinQuestions) {
      stats.concepts++;
      continue;
    }
    // "react-redux", "spring-kafka": two skills named together; the text names both, so no third skill
    // (it would take the longest match from the two).
    if (!vendor && parent && registry.resolve(rest.join('-'))) {
      stats.pairs++;
      continue;
    }
    if (!vendor && (rest.every(isConcept) || (!parent && describes(parts)))) {
      if (parent) stats.features++;
      else stats.concepts++;
      continue;
    }
    // A new skill needs more questions than an alias does (hand-checked sample: 65% of the new skills from tags with
    // 400–699 questions named a technology, 85% from tags with ≥ 700).
    if (count < rules.minQuestionsNewSkill) {
      stats.rare++;
      continue;
    }
    let category = 'framework';
    if (parent) category = parent.category === 'language' || NOT_TECH.has(parent.category) ? 'framework' : parent.category;
    // "…db", "…sql" with a name before it (ArangoDB, not "adb": Android Debug Bridge).
    else if (/(^|-)(db|sql|database|nosql|cache)(-|$)|[a-z]{3,}(db|sql)$/.test(tag)) category = 'database';
    else if (/(^|-)(test|testing|mock|junit|unit)|test$/.test(tag)) category = 'testing';
    const entry = registry.create({
      name: brandCase(displayName(tag, registry.tokenCase), tag),
      category,
      parent: parent?.id ?? null,
      origin: 'so',
      provenance: [provenance],
    });
    if (!entry) continue;
    stats.created++;
    registry.addAlias(entry, spaced, { so: true });
    // The vendor-less name only when it is a name ("Lightsail"), not a concept ("SDK", "Messaging", "Virtual Machine").
    if (vendor && !rest.every(isConcept)) {
      const restName = displayName(rest.join('-'), registry.tokenCase);
      registry.addAlias(entry, restName, { so: true });
      for (const synonym of rules.vendorSynonyms[vendor] ?? []) registry.addAlias(entry, `${synonym} ${restName}`, { so: true });
    }
  }
  return stats;
}
