/**
 * Checks a probe report (`POST /probes`, `GET /probes/{id}`) against
 * `Probes_Controller::get_item_schema()` (compiled by `npm run contract`). Extra fields are
 * allowed; diagnosis codes are any string (other plugins add their own).
 */
export { isProbeReportDocument as isProbeReport } from './contract/validators';
