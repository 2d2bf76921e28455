/**
 * Checks of the bisection answers against `Bisections_Controller::get_item_schema()` and the
 * documents it defines (compiled by `npm run contract`): a run (`POST /bisections`,
 * `GET|DELETE /bisections/{id}`, `POST /bisections/{id}/step`), a prepared step's sandbox
 * request, and the sandbox's signed result (checked before it is posted back; the site
 * verifies the signature).
 */
export {
	isBisectionDocument as isBisection,
	isBisectionPreparedStepDocument as isPreparedBisectionStep,
	isSandboxResultDocument as isSandboxResult,
} from './contract/validators';
