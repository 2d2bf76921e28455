/**
 * The scenarios `proxy-health lab` accepts. Kept apart from `commands/lab.ts` so the argument
 * layer can validate them without loading the lab, which needs the development dependencies.
 */
export const LAB_SCENARIOS = [
	'right-credentials',
	'wrong-credentials',
	'missing-credentials',
	'host-with-scheme',
	'non-numeric-port',
	'bypass-list',
	'no-proxy',
] as const;
export type LabScenarioName = ( typeof LAB_SCENARIOS )[ number ];
