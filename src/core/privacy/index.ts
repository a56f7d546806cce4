/**
 * Privacy: masking of personal data and secrets, used by the logger, the conversation log and the adapters.
 */
export { maskPersonalData } from './mask-personal-data';
export { maskSecrets, SECRET_MASK } from './mask-secrets';
export { maskLogLine } from './mask-log-line';
export { maskShopperId, maskShopperIds } from './shopper-id';
export { isSecretName } from './secret-names';
export { ADDRESS_MASK } from './address';
export { normalizedView, type NormalizedView } from './normalized-view';
