/**
 * Checks a `GET /status` body against `Status_Controller::get_item_schema()` (compiled in
 * contract/validators.js by `npm run contract`). Extra fields are allowed.
 */
export { isStatusDocument as isStatusResponse } from './contract/validators';
