import { createHash, randomBytes } from 'node:crypto';

/** A file kind the fake platform accepts as `type=image`, by extension and by magic number. */
export type FakeImageKind = 'jpg' | 'png' | 'gif';

/** What a platform accepts as a temporary image. */
export interface TempMediaRules {
  kinds: readonly FakeImageKind[];
  /** Largest file (WeChat: 10 MB for temporary images). */
  maxBytes: number;
  /** Files must be larger than this (WeCom: "所有文件size必须大于5个字节"). */
  minBytes: number;
}

/** One upload attempt the fake saw (refused ones too, with their errcode). */
export interface RecordedUpload {
  /** The app (AppID) or corp the token belongs to; '' for an unknown token. */
  owner: string;
  errcode: number;
  mediaId?: string;
  filename?: string;
  contentType?: string;
  bytes?: number;
  /** sha256 (hex) of the uploaded file, to compare with what the image host served. */
  sha256?: string;
  at: number;
}

/** WeChat keeps temporary media 3 days. */
export const TEMP_MEDIA_MS = 3 * 86_400_000;

/**
 * Errcodes of the fake's upload checks. Confirmed (global return codes / uploadTempMedia docs): 40004 invalid media
 * type, 40007 invalid media_id, 40009 invalid image size. Assumed: 40005 invalid file type (a file that is not an
 * accepted image), 40006 invalid file size (too small), 41005 media data missing (no `media` file part).
 */
export const MEDIA_ERRORS = {
  invalidMediaType: 40004,
  invalidFileType: 40005,
  invalidFileSize: 40006,
  invalidMediaId: 40007,
  invalidImageSize: 40009,
  mediaMissing: 41005,
} as const;

const EXTENSIONS: Record<FakeImageKind, readonly string[]> = { jpg: ['jpg', 'jpeg'], png: ['png'], gif: ['gif'] };

/** The kind of `bytes` by magic number, written independently of kefu's own sniffing. */
function kindOf(bytes: Uint8Array): FakeImageKind | undefined {
  const hex = Buffer.from(bytes.subarray(0, 8)).toString('hex');
  if (hex.startsWith('ffd8ff')) return 'jpg';
  if (hex === '89504e470d0a1a0a') return 'png';
  if (hex.startsWith('474946383761') || hex.startsWith('474946383961')) return 'gif';
  return undefined;
}

/**
 * The temporary media of a fake WeChat platform: parses `POST /cgi-bin/media/upload` bodies (multipart/form-data,
 * file field `media`) with the platform's checks, issues media ids per owner (app or corp) that live 3 days on the
 * fake clock, and records every attempt.
 *
 * @example
 * const media = new TempMedia({ kinds: ['jpg', 'png'], maxBytes: 10 * 1024 * 1024, minBytes: 5 }, now, 'MEDIA_');
 * const answer = await media.upload('wx1', url.searchParams.get('type'), req.headers['content-type'], body);
 */
export class TempMedia {
  readonly uploads: RecordedUpload[] = [];
  private readonly issued = new Map<string, { owner: string; createdAt: number }>();
  private refusals: number[] = [];

  constructor(
    private readonly rules: TempMediaRules,
    private readonly now: () => number,
    private readonly idPrefix: string,
  ) {}

  /** The next `count` uploads with a valid token are refused with `errcode` (e.g. 45009: daily API quota used up). */
  refuseNext(errcode: number, count = 1): void {
    this.refusals.push(...Array.from({ length: count }, () => errcode));
  }

  /** Records an attempt refused before its body was read (e.g. a bad access_token). */
  refuse(owner: string, errcode: number): void {
    this.uploads.push({ owner, errcode, at: this.now() });
  }

  /** Checks and keeps one upload; resolves with the errcode (0) and, when accepted, the media_id and created_at (s). */
  async upload(
    owner: string,
    type: string | null,
    contentType: string | undefined,
    body: Buffer,
  ): Promise<{ errcode: number; errmsg: string; mediaId?: string; createdAt?: number }> {
    const refused = (errcode: number, errmsg: string, extra: Partial<RecordedUpload> = {}) => {
      this.uploads.push({ owner, errcode, at: this.now(), ...extra });
      return { errcode, errmsg };
    };
    const forced = this.refusals.shift();
    if (forced !== undefined) return refused(forced, 'refused by the test');
    if (type !== 'image') return refused(MEDIA_ERRORS.invalidMediaType, 'invalid media type');
    let file: File | undefined;
    try {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType ?? '' } }).formData();
      const part = form.get('media');
      file = part instanceof File ? part : undefined;
    } catch {
      file = undefined;
    }
    if (!file) return refused(MEDIA_ERRORS.mediaMissing, 'media data missing');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const seen = { filename: file.name, contentType: file.type, bytes: bytes.byteLength };
    const extension = (file.name.split('.').pop() ?? '').toLowerCase();
    const kind = kindOf(bytes);
    const allowed = this.rules.kinds.filter((k) => EXTENSIONS[k].includes(extension));
    if (bytes.byteLength > this.rules.maxBytes) return refused(MEDIA_ERRORS.invalidImageSize, 'invalid image size', seen);
    if (bytes.byteLength <= this.rules.minBytes) return refused(MEDIA_ERRORS.invalidFileSize, 'invalid file size', seen);
    if (allowed.length === 0 || !kind || !allowed.includes(kind)) return refused(MEDIA_ERRORS.invalidFileType, 'invalid file type', seen);
    const mediaId = `${this.idPrefix}${randomBytes(24).toString('base64url')}`;
    const createdAt = this.now();
    this.issued.set(mediaId, { owner, createdAt });
    this.uploads.push({ owner, errcode: 0, mediaId, ...seen, sha256: createHash('sha256').update(bytes).digest('hex'), at: createdAt });
    return { errcode: 0, errmsg: 'ok', mediaId, createdAt: Math.floor(createdAt / 1000) };
  }

  /** 0 when `mediaId` was issued to `owner` less than 3 days ago, else 40007 (invalid media_id). */
  check(owner: string, mediaId: unknown): 0 | 40007 {
    const media = typeof mediaId === 'string' ? this.issued.get(mediaId) : undefined;
    return media && media.owner === owner && this.now() - media.createdAt < TEMP_MEDIA_MS ? 0 : MEDIA_ERRORS.invalidMediaId;
  }

  /** Accepted uploads, optionally of one owner. */
  accepted(owner?: string): RecordedUpload[] {
    return this.uploads.filter((u) => u.errcode === 0 && (owner === undefined || u.owner === owner));
  }

  /** The upload that issued `mediaId`. */
  uploadOf(mediaId: string): RecordedUpload | undefined {
    return this.uploads.find((u) => u.mediaId === mediaId);
  }
}
