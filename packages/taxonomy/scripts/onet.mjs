// O*NET Technology Skills → skills, by rule (see README.md and curation/rules.yaml `onet`).
import { claimKey, lemmaCount } from './taxonomy-rules.mjs';

const NOT_TECH = new Set(['practice', 'soft-skill']);
const quote = (text) => JSON.stringify(text);
/** A proper-name word: starts with a capital or digit, or is camel-cased ("iSeries", "eBay"). */
const PROPER = /^(?:[^a-z]|[a-z]+-?[A-Z])/;
const ACRONYM = /^[A-Z][A-Z0-9]{1,5}$/;

/**
 * The vendors of O*NET's product names, by rule: a leading phrase is a vendor when at least `min`
 * products start with it AND go on with at least `min` different words (a whole name, not the start
 * of one: "Wind" goes on only as "Wind River", "Electric" only as "Electric Rain"/"Electric Quilt"),
 * every word of it is a proper name, and at most one in ten of its products goes on with a lower-case
 * word ("Electronic data interchange", "Computer aided design": kinds of software, not vendors). `known` (rules.yaml) are vendors whatever
 * their count ("Amazon Web Services AWS"). A vendor is stripped whole, never in part.
 */
export function vendorTable(names, { min, known, common, plainWord }) {
  const counts = new Map();
  const next = new Map();
  const lowerNext = new Map();
  for (const name of names) {
    const words = name.split(' ');
    for (let k = 1; k < words.length; k++) {
      const prefix = words.slice(0, k).join(' ');
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
      if (!next.has(prefix)) next.set(prefix, new Set());
      next.get(prefix).add(words[k]);
      if (!PROPER.test(words[k])) lowerNext.set(prefix, (lowerNext.get(prefix) ?? 0) + 1);
    }
  }
  const knownSet = new Set(known);
  const shared = (prefix) =>
    (counts.get(prefix) ?? 0) >= min &&
    next.get(prefix).size >= 2 &&
    (lowerNext.get(prefix) ?? 0) <= counts.get(prefix) * 0.1 &&
    prefix.split(' ').every((w) => PROPER.test(w)) &&
    !(prefix.indexOf(' ') < 0 && common(prefix));
  /** Vendor words end at `k`: a shared prefix, and if it extends a shorter vendor, its own words are a name ("IBM SPSS", not "Microsoft Visual"). */
  const vendorAt = (words, k) => {
    const prefix = words.slice(0, k).join(' ');
    if (knownSet.has(prefix)) return true;
    if (!shared(prefix)) return false;
    for (let j = k - 1; j >= 1; j--) if (vendorAt(words, j)) return !plainWord(words.slice(j, k).join(' '));
    return true;
  };
  const isVendor = (prefix) => vendorAt(prefix.split(' '), prefix.split(' ').length);
  /** A strong vendor: its products go on with `min` different words or more (IBM, SAP, LexisNexis; not "Wind River"). */
  const strong = (prefix) => knownSet.has(prefix) || (next.get(prefix)?.size ?? 0) >= min;
  /**
   * The vendor's length in words (0: none). `strict` (for aliases): 0 also when a weak vendor (fewer
   * than `min` different next words) is followed by words other products share ("Electric Rain Swift 3D"
   * and "… Xpress": the vendor is "Electric Rain", not "Electric"), since stripping would cut a name in two.
   */
  const vendorLength = (name, strict = false) => {
    const words = name.split(' ');
    for (let k = words.length - 1; k >= 1; k--) {
      if (!PROPER.test(words[k]) || !vendorAt(words, k)) continue;
      if (strict && k + 1 < words.length && !strong(words.slice(0, k).join(' '))) {
        const longer = words.slice(0, k + 1).join(' ');
        if ((counts.get(longer) ?? 0) >= 2 && !isVendor(longer)) return 0;
      }
      return k;
    }
    return 0;
  };
  return { isVendor, vendorLength, strong };
}

/**
 * Where the words an acronym abbreviates start, or -1: the longest run of words just before it whose
 * first initial is the acronym's first letter and whose initials hold its letters in order
 * ("EDI" ← Electronic data interchange, "S3" ← Simple Storage Service).
 */
function expansionStart(acronym, words) {
  const letters = acronym.replace(/[0-9]/g, '');
  for (let start = 0; start <= words.length - 2; start++) {
    const span = words.slice(start);
    if (span[0].charAt(0).toUpperCase() !== letters.charAt(0)) continue;
    const initials = span.map((w) => w.charAt(0).toUpperCase()).join('');
    let at = 0;
    let ok = true;
    for (const letter of letters) {
      at = initials.indexOf(letter, at);
      if (at < 0) {
        ok = false;
        break;
      }
      at++;
    }
    if (ok) return start;
  }
  return -1;
}

/**
 * A name's display form and derived forms. The vendor is stripped whole ("Atlassian JIRA" → JIRA);
 * an acronym after the words it abbreviates becomes an alias and goes in parentheses
 * ("Electronic data interchange EDI" → "Electronic data interchange (EDI)", EDI); with a vendor and
 * the acronym last, vendor + acronym is the display name ("Amazon Simple Storage Service S3" → Amazon S3).
 */
export function deriveForms(name, vendorLength) {
  const words = name.split(' ');
  const vendor = words.slice(0, vendorLength);
  const product = words.slice(vendorLength);
  const forms = [name];
  const productForms = vendorLength > 0 ? [product.join(' ')] : [];
  let display = name;
  const at = product.findLastIndex((w, i) => i > 0 && ACRONYM.test(w));
  const start = at > 0 ? expansionStart(product[at], product.slice(0, at)) : -1;
  if (start >= 0) {
    const acronym = product[at];
    const before = product.slice(0, start);
    const tail = product.slice(at + 1);
    const without = [...product.slice(0, at), ...tail];
    const short = [...before, acronym, ...tail];
    productForms.push(without.join(' '), short.join(' '));
    if (vendorLength > 0) forms.push([...vendor, ...without].join(' '), [...vendor, ...short].join(' '));
    if (vendorLength > 0 && tail.length === 0 && start === 0) display = [...vendor, acronym].join(' ');
    else display = [...vendor, ...product.slice(0, at), `(${acronym})`, ...tail].join(' ');
  }
  // The acronym of the vendor itself, last ("Amazon Web Services AWS"): the name without it is a form.
  const last = words.length - 1;
  if (start < 0 && vendorLength === last && ACRONYM.test(words[last]) && expansionStart(words[last], vendor) === 0) {
    forms.push(vendor.join(' '));
    display = `${vendor.join(' ')} (${words[last]})`;
  }
  return { display, forms: [...new Set([...forms, ...productForms])], vendor: vendor.join(' '), productForms };
}

/**
 * O*NET Technology Skills: product names, cleaned by rule. " software" is stripped; names that
 * describe a kind of software (all words after the first lower-case; or one English word before
 * " software") are dropped, and so are bare vendor names ("Google"); the vendor is stripped whole for
 * a vendor-less alias, unless several vendors have a product of that name (then it is a kind:
 * "CRM" of Microsoft Dynamics CRM and Oracle Siebel CRM); a product line (a vendor inside a vendor:
 * "IBM SPSS", "Oracle Siebel") is a skill with the line's name as alias (SPSS, Siebel) and the parent
 * of its products. A product of a business-software class (CRM, medical, CAD…) that only one
 * occupation lists is left out as too rare to be worth a skill; products of technical classes are kept.
 */
export function addOnet(registry, rows, rules) {
  const stats = { products: 0, generic: 0, rare: 0, merged: 0, created: 0, lines: 0 };
  const titles = new Map();
  for (const [, example, , title] of rows) {
    if (!example || !title) continue;
    const byTitle = titles.get(example) ?? new Map();
    byTitle.set(title, (byTitle.get(title) ?? 0) + 1);
    titles.set(example, byTitle);
  }
  const clean = (example) =>
    example
      .replace(/\s+software$/i, '')
      .replace(/[()]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const examples = [...titles.keys()].sort();
  const { counts, wordNet } = registry.context;
  const plainWord = (text) =>
    text.split(' ').every((w) => wordNet.has(w.toLowerCase()) || lemmaCount(counts, w.toLowerCase()) >= 20) ||
    registry.measure(text).verdict !== 'clear';
  const {
    isVendor,
    vendorLength: vendorOf,
    strong,
  } = vendorTable(examples.map(clean), {
    min: rules.vendorMinProducts,
    known: rules.vendors,
    common: (word) => (counts.get(word.toLowerCase()) ?? 0) >= registry.context.measure.dropWordCount,
    plainWord,
  });
  const parentRules = Object.entries(rules.vendorParents).sort((a, b) => b[0].length - a[0].length);
  const titleOf = (example) => [...titles.get(example)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const categoryOf = (example) => rules.commodityCategories[titleOf(example)] ?? 'application';

  // Vendor-less names that several vendors write alike are kinds of product, not names ("CRM", "ERP",
  // "Statistics"; but Apple "iOS" and Cisco "IOS" are two names).
  const vendorsOfRest = new Map();
  for (const example of examples) {
    const name = clean(example);
    const k = vendorOf(name);
    if (k === 0) continue;
    const words = name.split(' ');
    const rest = words.slice(k).join(' ');
    const outer = words.slice(0, vendorOf(words.slice(0, k).join(' ')) || k).join(' ');
    if (!vendorsOfRest.has(rest)) vendorsOfRest.set(rest, new Set());
    vendorsOfRest.get(rest).add(outer);
  }
  const kind = (rest) => (vendorsOfRest.get(rest)?.size ?? 0) >= 2;

  // Product lines: a vendor nested in a shorter one ("IBM SPSS" in "IBM"), whose own words are a clear name.
  const lines = new Map();
  for (const example of examples) {
    const words = clean(example).split(' ');
    for (let k = 2; k < words.length; k++) {
      const line = words.slice(0, k).join(' ');
      if (lines.has(line)) registry.addProvenance(lines.get(line), `onet:${quote(example)}`);
      if (!isVendor(line) || lines.has(line)) continue;
      const outer = vendorOf(line);
      if (outer === 0) continue;
      const own = words.slice(outer, k).join(' ');
      if (plainWord(own)) continue;
      let entry = registry.resolve(line) ?? registry.resolve(own);
      if (entry && NOT_TECH.has(entry.category)) continue;
      if (!entry) {
        const key = claimKey(line);
        const parentRule = parentRules.find(([prefix]) => key.startsWith(`${prefix} `));
        entry = registry.create({
          name: line,
          category: categoryOf(example),
          parent: parentRule && registry.byId.has(parentRule[1]) ? parentRule[1] : null,
          origin: 'onet',
          provenance: [],
        });
        if (!entry) continue;
        stats.lines++;
      }
      registry.addAlias(entry, line);
      registry.addAlias(entry, own);
      registry.addProvenance(entry, `onet:${quote(example)}`);
      lines.set(line, entry);
    }
  }

  for (const example of examples) {
    stats.products++;
    const name = clean(example);
    const words = name.split(' ');
    if (words.length >= 2 && words.slice(1).every((w) => /^[a-z][a-z'/-]*$/.test(w))) {
      stats.generic++;
      continue;
    }
    // "Database software", "Pricing software": a kind of software; "Google": a vendor, not a product.
    if (words.length === 1 && (/\ssoftware$/i.test(example) || isVendor(name))) {
      const lower = name.toLowerCase();
      if (isVendor(name) || wordNet.has(lower) || lemmaCount(counts, lower) >= 20) {
        stats.generic++;
        continue;
      }
    }
    const line = lines.get(name);
    if (line) {
      registry.addProvenance(line, `onet:${quote(example)}`);
      continue;
    }
    const occupations = [...titles.get(example).values()].reduce((a, b) => a + b, 0);
    const technical = Object.hasOwn(rules.commodityCategories, titleOf(example));
    const vendorLength = vendorOf(name, true);
    const { display, forms, vendor, productForms } = deriveForms(name, vendorLength);
    // A vendor-less form must still be a name: not a kind ("CRM"), nor plain English words after a weak vendor
    // ("ATX Total" → "Accounting Office").
    // (After a strong vendor the rest is the product's name even in plain words: SAP "Crystal Reports", IBM "Lotus Notes".)
    const weak = vendorLength > 0 && !strong(vendor);
    const usable = forms.filter((form) => !(productForms.includes(form) && (kind(form) || (weak && plainWord(form)))));
    // To merge with a skill we have, the vendor may be stripped even where the rest is shared ("Microsoft Power BI").
    const loose = vendorOf(name);
    const mergeForms = loose > vendorLength ? deriveForms(name, loose).productForms.filter((f) => !kind(f)) : [];
    const provenance = `onet:${quote(example)}`;
    // Merge with a skill that already owns the name, or one of its clear derived forms.
    let entry = registry.resolve(name);
    if (!entry) {
      for (const form of [...usable.slice(1), ...mergeForms]) {
        const owner = registry.resolve(form);
        // A fragment that is an English word ("Apex" of "IBM Rational Apex") names too many things to merge on.
        // A bare acronym names things in many fields ("EMR": Amazon EMR, electronic medical record): it
        // merges only into the skill it is the name of (EDI, AWS).
        const englishWord = wordNet.has(claimKey(form)) || (ACRONYM.test(form) && owner && claimKey(owner.name) !== claimKey(form));
        if (owner && !NOT_TECH.has(owner.category) && !englishWord && registry.measure(form).verdict === 'clear') {
          entry = owner;
          break;
        }
      }
    }
    if (entry) stats.merged++;
    else if (!technical && occupations < rules.minOccupations) {
      stats.rare++;
      continue;
    } else {
      const key = claimKey(name);
      const parentRule = parentRules.find(([prefix]) => key.startsWith(`${prefix} `));
      const lineParent = vendor && lines.get(vendor);
      let parent = parentRule && registry.byId.has(parentRule[1]) ? parentRule[1] : null;
      if (lineParent) parent = lineParent.id;
      entry = registry.create({ name: display, category: categoryOf(example), parent, origin: 'onet', provenance: [] });
      if (!entry) continue;
      stats.created++;
    }
    registry.addProvenance(entry, provenance);
    for (const form of usable) registry.addAlias(entry, form);
  }
  return stats;
}
