/** Types for qrcode-terminal (the package ships none). */
declare module 'qrcode-terminal' {
  /** Print `text` as a QR code in the terminal (or pass the drawing to `callback`). */
  export function generate(text: string, options?: { small?: boolean }, callback?: (qrcode: string) => void): void;
  export function setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void;
  const qrcodeTerminal: { generate: typeof generate; setErrorLevel: typeof setErrorLevel };
  export default qrcodeTerminal;
}
