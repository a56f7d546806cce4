import type { FlowFiles } from './flow-set';

/** Where a version stands: being edited, served, or kept for the record (and rollback). */
export type VersionStatus = 'draft' | 'published' | 'archived';
/** How a version came to be: edited in the studio, imported from flows/, or an older version published again. */
export type VersionSource = 'studio' | 'files' | 'rollback';

/** A version of the flow set without its files (for lists). */
export interface FlowVersionInfo {
  id: number;
  status: VersionStatus;
  source: VersionSource;
  /** The version it was copied from. */
  basedOn: number | null;
  contentHash: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Why it was published. */
  note: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  /** When flows/ last held exactly these files. */
  inFolderAt: string | null;
}

/** A version with its files. */
export interface FlowVersion extends FlowVersionInfo {
  files: FlowFiles;
}

/** What {@link FlowVersionStore.publish} records. */
export interface PublishRecord {
  /** A draft to publish; absent: a new version is recorded with `files` (import, rollback). */
  draftId?: number;
  files?: FlowFiles;
  source: VersionSource;
  basedOn?: number | null;
  by: string;
  note: string;
  at: Date;
  /** flows/ holds these files now (imported from it, or about to be written to it). */
  inFolder: boolean;
}

/**
 * The versions of the flow set (src/store/flow-version-store.ts keeps them through typeorm). Publishing archives the
 * version published before, in the same transaction: exactly one version is published at a time.
 */
export interface FlowVersionStore {
  /** Newest first, without files. */
  list(limit?: number): Promise<FlowVersionInfo[]>;
  get(id: number): Promise<FlowVersion | undefined>;
  published(): Promise<FlowVersion | undefined>;
  /** The id of the published version only (a cheap check). */
  publishedId(): Promise<number | undefined>;
  /** The version flows/ held last (imported from it or written to it). */
  lastInFolder(): Promise<FlowVersionInfo | undefined>;
  createDraft(files: FlowFiles, by: string, basedOn: number | null, at?: Date): Promise<FlowVersion>;
  /** Replace (text) or delete (null) one file of a draft; a version that is not a draft is refused (409). */
  saveDraftFile(id: number, name: string, text: string | null, at?: Date): Promise<FlowVersion>;
  /** Drop a draft (it becomes archived). */
  discardDraft(id: number, at?: Date): Promise<FlowVersionInfo>;
  publish(record: PublishRecord): Promise<FlowVersion>;
  /** Record that flows/ holds (a date) or no longer holds (null) this version's files. */
  markInFolder(id: number, at: Date | null): Promise<void>;
}
