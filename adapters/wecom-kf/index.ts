export { WecomKfAdapter } from './wecom-kf-adapter';
export type { WecomKfOptions } from './options';
export { DEFAULT_WELCOME } from './options';
export {
  KF_ERRORS,
  KF_PATHS,
  SERVICE_STATE,
  ALLOWED_TRANSITIONS,
  canTransition,
  WINDOW_MS,
  WINDOW_QUOTA,
  WELCOME_CODE_TTL_MS,
} from './constants';
export type { ServiceState } from './constants';
export type { KfMessage, KfEvent, KfOutboundBody, MediaUploadResponse } from './kf-types';
export { msgIdOf, renderKf, mediaUrlOf, KF_OUTBOUND, KF_IMAGE_TYPES } from './render';
