/**
 * Checks a `GET /probes` body (a page of the history) against the `proxy-health-probe-history`
 * document of `Probes_Controller::get_item_schema()` (compiled by `npm run contract`).
 */
export { isProbeHistoryDocument as isProbeHistoryPage } from './contract/validators';
