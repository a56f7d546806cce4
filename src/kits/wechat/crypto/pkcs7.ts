import { BadInputError } from '../../../index';

/** WeChat pads to 32-byte blocks (not AES's 16), per the WXBizMsgCrypt scheme. */
export const WECHAT_PAD_BLOCK = 32;

/** PKCS#7-pads `data` to a multiple of `block` bytes (always adds 1..block bytes). */
export function pkcs7Pad(data: Buffer, block: number = WECHAT_PAD_BLOCK): Buffer {
  const amount = block - (data.length % block);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

/**
 * Removes PKCS#7 padding of 1..`block` bytes, checking every pad byte.
 * Throws BadInputError when the padding is not valid (wrong key or tampered ciphertext).
 */
export function pkcs7Unpad(data: Buffer, block: number = WECHAT_PAD_BLOCK): Buffer {
  const amount = data.length > 0 ? data[data.length - 1]! : 0;
  let bad = amount < 1 || amount > block || amount > data.length ? 1 : 0;
  for (let i = data.length - Math.min(amount, data.length); i < data.length; i++) bad |= data[i]! ^ amount;
  if (bad !== 0) {
    throw new BadInputError(
      'The encrypted WeChat message has invalid padding after decryption.',
      'check that the EncodingAESKey configured for this app matches the one in the WeChat console, and that the body was not altered.',
    );
  }
  return data.subarray(0, data.length - amount);
}
