/**
 * Internal dependencies
 */
import { apiFetchTransport } from '../api/api-fetch-transport';
import { createClient } from '../api/client';

/** The panel's client: api-fetch with the wp-admin REST root and nonce. */
export const client = createClient( apiFetchTransport );
