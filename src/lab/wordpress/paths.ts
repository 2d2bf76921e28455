/**
 * Folders the lab resolves relative to the repository, never hard-coded.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/** The repository root (this file lives in `src/lab/wordpress/`). */
export const REPO_ROOT = path.resolve( __dirname, '..', '..', '..' );

/** The Proxy Health plugin sources, installed into lab sites as `proxy-health`. */
export const PLUGIN_DIR = path.join( REPO_ROOT, 'plugin' );
