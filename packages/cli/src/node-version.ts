/** Oldest Node.js major SkillPulse runs on (package.json "engines", README "Requirements"). */
const MIN_NODE_MAJOR = 22;

/** The sentence to print when `version` (process.versions.node) is too old; undefined when it is fine. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number.parseInt(version, 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return undefined;
  return `SkillPulse needs Node.js ${MIN_NODE_MAJOR} or newer (found ${version}); see README "Requirements"`;
}
