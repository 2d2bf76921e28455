/**
 * Checks a `GET /hooks` body against `Hooks_Controller::get_item_schema()` (compiled by
 * `npm run contract`).
 */
export { isHooksDocument as isHooksReport } from './contract/validators';
