/**
 * Checks a `GET /report` body (and `wp proxy-health report --format=json`) against
 * `Report_Controller::get_item_schema()` (compiled by `npm run contract`).
 */
export { isReportDocument } from './contract/validators';
