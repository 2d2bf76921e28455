/**
 * @jest-environment node
 */

/**
 * The lab loads only where it can run: a Proxy Health checkout with its development
 * dependencies. Elsewhere it fails with `LabUnavailableError` naming what is missing. Real
 * folders throughout: the repository, and an empty copy of its package.json in a temp folder.
 */

/**
 * External dependencies
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	LAB_PACKAGES,
	LabUnavailableError,
	labRequirementsMissing,
	loadLabCommand,
	packageRoot,
} from '../../src/cli/lib/lab-loader';

const ROOT = path.join( __dirname, '..', '..' );

let tmp: string;

beforeAll( () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-lab-loader-' ) );
	// An installed copy: node_modules/proxy-health with its manifest and nothing of the lab.
	const installed = path.join( tmp, 'node_modules', 'proxy-health' );
	mkdirSync( path.join( installed, 'dist', 'cli' ), { recursive: true } );
	copyFileSync(
		path.join( ROOT, 'package.json' ),
		path.join( installed, 'package.json' )
	);
} );

afterAll( () => rmSync( tmp, { recursive: true, force: true } ) );

describe( 'lab loader', () => {
	it( 'finds the package root from the sources and from an installed bundle folder', () => {
		expect( packageRoot( path.join( ROOT, 'src', 'cli', 'lib' ) ) ).toBe(
			ROOT
		);
		const installed = path.join( tmp, 'node_modules', 'proxy-health' );
		expect( packageRoot( path.join( installed, 'dist', 'cli' ) ) ).toBe(
			installed
		);
		expect( packageRoot( os.tmpdir() ) ).toBeNull();
	} );

	it( 'the checkout has everything the lab needs', () => {
		expect( labRequirementsMissing( ROOT ) ).toEqual( [] );
	} );

	it( 'an installed copy lacks the development dependencies and the lab sources', async () => {
		const installed = path.join( tmp, 'node_modules', 'proxy-health' );
		expect( labRequirementsMissing( installed ) ).toEqual( [
			...LAB_PACKAGES,
			'src/lab/scenario.ts',
			'plugin/proxy-health.php',
		] );
		const failure = loadLabCommand( installed );
		await expect( failure ).rejects.toBeInstanceOf( LabUnavailableError );
		await expect( failure ).rejects.toThrow(
			/@wp-playground\/cli.*\n.*run "npm install"/
		);
	} );

	it( 'loads the lab command in the checkout', async () => {
		expect( typeof ( await loadLabCommand( ROOT ) ) ).toBe( 'function' );
	} );
} );
