import type { Seniority } from '@skillpulse/core';

/** Seniority from the title first, then the text (the rule postings have always been stamped with). */
export function seniorityOf(title: string, description = ''): Seniority {
  const from = (s: string): Seniority | null => {
    if (/\b(intern|internship|trainee|apprentice)\b/i.test(s)) return 'intern';
    if (/\b(junior|jr\.?|graduate|entry[- ]level)\b/i.test(s)) return 'junior';
    if (/\b(lead|principal|staff|head of|architect|director|manager)\b/i.test(s)) return 'lead';
    if (/\b(senior|sr\.?)\b/i.test(s)) return 'senior';
    if (/\b(mid[- ]level|intermediate)\b/i.test(s)) return 'mid';
    return null;
  };
  return from(title) ?? from(description.slice(0, 2000)) ?? (/\b(engineer|developer|programmer)\b/i.test(title) ? 'mid' : 'unknown');
}
