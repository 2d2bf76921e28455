/**
 * Checks a `GET /scan` body against `Scan_Controller::get_item_schema()` (compiled by
 * `npm run contract`); the pattern codes are plugin/scan-patterns.json's, exported with it.
 */
export { SCAN_PATTERN_CODES } from './contract/types';
export { isScanDocument as isSiteScanReport } from './contract/validators';
