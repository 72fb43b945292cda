import { isSkillPulseError } from '@skillpulse/core';
import { type ElasticsearchOption, STORE_UNAVAILABLE, StoreSetupError } from '@skillpulse/store';

/**
 * The store library says what is wrong in its own terms ("cannot reach Elasticsearch at …"); the
 * CLI knows how the user configures it, so it adds which SKILLPULSE_ES_* variable or script to
 * look at. `storeErrorMessage` is what the CLI prints for any error: other errors pass unchanged.
 */

/** The variable that sets each option of the Elasticsearch store (loadConfig reads them). */
const OPTION_VARIABLES: Record<ElasticsearchOption, string> = {
  url: 'SKILLPULSE_ES_URL',
  indexPrefix: 'SKILLPULSE_ES_INDEX_PREFIX',
  caFile: 'SKILLPULSE_ES_CA_FILE',
};

const START_OR_FIX_URL = 'start it (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL';

const HINTS: Partial<Record<StoreSetupError['problem'], string>> = {
  unreachable: START_OR_FIX_URL,
  'not-elasticsearch': 'fix SKILLPULSE_ES_URL',
  credentials: 'check SKILLPULSE_ES_API_KEY, or SKILLPULSE_ES_USERNAME and SKILLPULSE_ES_PASSWORD',
};

/** The advice the CLI adds to a store error, or undefined when it has none. */
export function storeHint(error: unknown): string | undefined {
  if (error instanceof StoreSetupError) return HINTS[error.problem];
  if (isSkillPulseError(error) && error.code === STORE_UNAVAILABLE) return START_OR_FIX_URL;
  return undefined;
}

/** The error's message as the CLI prints it: store options named by their variables, and the hint added. */
export function storeErrorMessage(error: { message: string }): string {
  let message = error.message;
  if (error instanceof StoreSetupError && error.option && message.startsWith(`${error.option}: `)) {
    message = `${OPTION_VARIABLES[error.option]}: ${message.slice(error.option.length + 2)}`;
  }
  const hint = storeHint(error);
  return hint ? `${message}; ${hint}` : message;
}
