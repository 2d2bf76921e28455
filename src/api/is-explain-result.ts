/**
 * Internal dependencies
 */
import { EXPLAIN_HINTS } from './contract/types';
import type { ExplainHint } from './types';

/**
 * Checks a `POST /explain` body against `Explain_Controller::get_item_schema()` (compiled by
 * `npm run contract`). Hints are any string: a newer site's new hint is not an error.
 */
export { isExplanationDocument as isExplainResult } from './contract/validators';

/**
 * Whether this build knows a hint code (the plugin's `Bypass_Traps::HINTS`).
 *
 * @param hint A hint code from an explanation.
 */
export const isKnownExplainHint = ( hint: string ): hint is ExplainHint =>
	( EXPLAIN_HINTS as readonly string[] ).includes( hint );
