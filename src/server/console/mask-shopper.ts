/**
 * A shopper id as the console shows it: the first 4 and last 2 characters, the middle hidden, so staff can tell
 * tickets apart without reading a full id (a shop customer id may be a phone number). The same form as in log lines
 * (one implementation, in src/core/privacy).
 *
 * @example
 * maskShopperId('13812345678'); // '1381*****78'
 * maskShopperId('u-1'); // '***'
 */
export { maskShopperId } from '../../core/privacy';
