/**
 * Installs the system packages the full test suite and lab need (root on Debian/Ubuntu),
 * or prints the exact command to run. `npm test` does the same on its own; CI calls this first
 * so that the lint step can use PHP.
 */

/**
 * Internal dependencies
 */
import { ensureRequirements } from '../src/lab/system-requirements';

try {
	ensureRequirements();
	console.log( 'System packages: all present.' );
} catch ( error ) {
	console.error( ( error as Error ).message );
	process.exitCode = 2;
}
