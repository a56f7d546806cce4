export { createLogger } from './create-logger';
export type { Logger, LogLevel, LoggerOptions } from './create-logger';
export { maskPersonalData, maskSecrets, maskLogLine, maskShopperId, ADDRESS_MASK, SECRET_MASK } from '../privacy';
