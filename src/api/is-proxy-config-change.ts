/**
 * Checks the `POST` and `DELETE /proxy-config` answers against the documents
 * `Proxy_Config_Controller::get_item_schema()` defines (compiled by `npm run contract`).
 */
export {
	isProxyConfigAppliedDocument as isProxyConfigApplied,
	isProxyConfigRevertedDocument as isProxyConfigReverted,
} from './contract/validators';
