/**
 * Checks a `GET /allow-list` body against `Allow_List_Controller::get_item_schema()` (compiled
 * by `npm run contract`).
 */
export { isAllowListDocument as isAllowList } from './contract/validators';
