import { FileBox } from 'file-box';
import type { Logger } from '../../src/index';
import { fetchImage, safeImageUrl, type ImageMediaSettings, type ImageType } from '../../src/kits/wechat';

/**
 * How the wechaty door fetches outbound images (the subset of the WeChat kit's image settings that applies without
 * media uploads): size and time limits, and the internal hosts that may be fetched (KEFU_MEDIA_FETCH_ALLOW_HOSTS).
 */
export type WechatyImageSettings = Pick<ImageMediaSettings, 'maxBytes' | 'fetchTimeoutMs' | 'allowHosts'>;

/** What a personal account sends as a picture (wechat4u sends a GIF as an animated sticker). */
const TYPES: readonly ImageType[] = ['image/jpeg', 'image/png', 'image/gif'];

/**
 * The image at `url` as a FileBox for the puppet, fetched by kefu through the WeChat kit's guarded
 * {@link fetchImage} (never from an internal address unless allowed, redirects re-checked, size, type and time
 * limits), or undefined when it cannot be used: the reason is logged and the caller sends the alt text instead.
 * The box holds the bytes (base64: puppets that serialise FileBoxes, like puppet-service and the mock, carry it),
 * so the puppet never fetches the URL itself.
 *
 * @example
 * const box = await imageFileBox('https://cdn.example.com/p1.jpg', { allowHosts: [] }, logger);
 * if (box) await contact.say(box);
 */
export async function imageFileBox(url: string, settings: WechatyImageSettings, logger: Logger): Promise<FileBox | undefined> {
  try {
    const { maxBytes, fetchTimeoutMs: timeoutMs, allowHosts } = settings;
    const image = await fetchImage(url, { maxBytes, timeoutMs, allowHosts, types: TYPES });
    return FileBox.fromBase64(Buffer.from(image.data).toString('base64'), image.filename);
  } catch (err) {
    const { code, reason } = err as { code?: string; reason?: string };
    logger.warn(
      { image: safeImageUrl(url), code, reason, why: (err as Error).message },
      'wechaty image not sent as an image: sending its alt text instead',
    );
    return undefined;
  }
}
