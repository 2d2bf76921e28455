/**
 * Every REST answer stays what it was: the fixed set of requests in tests/support/rest-answers.ts
 * (every proxy-health/v1 route and method, with bad input for the error answers and their codes)
 * is sent to a lab site behind squid, and each answer's status, media type and normalised body
 * must equal tests/fixtures/rest-answers.json, recorded from the plugin before its refactor.
 *
 * The normaliser replaces only what changes between runs (lab ports and folders, times,
 * durations, ids, run-bound hashes, the machine's PHP/cURL/OpenSSL versions) and drops no field.
 * It makes a recording deterministic: the fixture was recorded twice on the same tree (the
 * commit before the refactor) and the two files were byte-identical, so a difference here is a
 * difference in the plugin's answers. The REST
 * index and OPTIONS answers (schemas) are not compared here: `npm run contract -- --check` does.
 *
 * When an answer is meant to change, record the fixture again
 * (`npx tsx tests/support/rest-answers.ts --write`) and say why in the commit.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';

/**
 * Internal dependencies
 */
import { sharedLab } from '../support/lab';
import {
	answerDifferences,
	FIXTURE,
	recordRestAnswers,
	REST_ANSWERS_LAB,
	REST_REQUESTS,
	type RestAnswerRecord,
} from '../support/rest-answers';

jest.setTimeout( 300_000 );

const lab = sharedLab( REST_ANSWERS_LAB );

it( 'every route answers the fixed requests exactly as before the refactor', async () => {
	const before = JSON.parse(
		readFileSync( FIXTURE, 'utf8' )
	) as RestAnswerRecord[];
	expect( before ).toHaveLength( REST_REQUESTS.length );

	const after = await recordRestAnswers( lab() );

	// One line per differing field: "#n METHOD path params.field: before …, after …".
	expect( answerDifferences( before, after ) ).toEqual( [] );
} );
