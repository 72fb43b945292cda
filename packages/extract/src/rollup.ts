import type { Skill, Taxonomy } from '@skillpulse/taxonomy';

/** Lower-case words separated by single spaces; a pre-tokenised dot ("Node . js") rejoins its name. */
function words(text: string, caseSensitive: boolean): string {
  const glued = text.replace(/(?<=[0-9A-Za-z\u00C0-\uFFFF])\s+\.\s+(?=[0-9A-Za-z\u00C0-\uFFFF])/g, '.');
  const spaced = glued.replace(/[\s-]+/g, ' ').trim();
  return ` ${caseSensitive ? spaced : spaced.toLowerCase()} `;
}

/**
 * Parent roll-up where the text names the parent: a matched surface form that contains, as whole
 * words, a name or alias of one of the skill's ancestors ("AWS Lambda" → AWS, "Spring Boot" →
 * Spring) counts that ancestor too. Words are split at blanks and hyphens only, so "Node.js" does
 * not name "JS" and "Vue.js" does not name JavaScript.
 */
export class ParentRollUp {
  /** Per skill with a parent: its ancestors, each with its forms as space-padded words. */
  private readonly ancestors = new Map<string, Array<{ skill: Skill; forms: string[] }>>();

  constructor(private readonly taxonomy: Taxonomy) {}

  namedAncestors(skill: Skill, surface: string): Skill[] {
    const chain = this.chainOf(skill);
    if (chain.length === 0) return [];
    const folded = words(surface, false);
    const written = words(surface, true);
    const named: Skill[] = [];
    for (const ancestor of chain) {
      const text = ancestor.skill.caseSensitive ? written : folded;
      if (ancestor.forms.some((form) => text.includes(form))) named.push(ancestor.skill);
    }
    return named;
  }

  private chainOf(skill: Skill): Array<{ skill: Skill; forms: string[] }> {
    let chain = this.ancestors.get(skill.id);
    if (chain) return chain;
    chain = [];
    const seen = new Set([skill.id]);
    for (let parent = skill.parent; parent !== null && !seen.has(parent); ) {
      seen.add(parent);
      const ancestor = this.taxonomy.byId.get(parent);
      if (!ancestor) break;
      const forms = [ancestor.name, ...ancestor.aliases].map((form) => words(form, ancestor.caseSensitive));
      chain.push({ skill: ancestor, forms });
      parent = ancestor.parent;
    }
    this.ancestors.set(skill.id, chain);
    return chain;
  }
}
