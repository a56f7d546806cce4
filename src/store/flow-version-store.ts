import type { DataSource, EntityManager } from 'typeorm';
import { KefuError } from '../core/errors';
import { hashFlowFiles, isFlowSetFile, type FlowFiles } from '../studio/flow-set';
import type { FlowVersion, FlowVersionInfo, FlowVersionStore, PublishRecord, VersionSource, VersionStatus } from '../studio/version-store';
import { FlowVersionEntity } from './entities/flow-version.entity';
import { StoreRunner } from './store-runner';

const INFO_COLUMNS: (keyof FlowVersionEntity)[] = [
  'id',
  'status',
  'source',
  'basedOn',
  'contentHash',
  'createdBy',
  'createdAt',
  'updatedAt',
  'note',
  'publishedBy',
  'publishedAt',
  'inFolderAt',
];

/**
 * The studio's flow-set versions in table `kefu_flow_version` (SQLite, PostgreSQL, MySQL/MariaDB).
 *
 * @example
 * const versions = new TypeormFlowVersions(dataSource);
 * const draft = await versions.createDraft(await readFlowFolder('flows'), 'xiaomei', null);
 * await versions.publish({ draftId: draft.id, source: 'studio', by: 'xiaomei', note: '双十一文案', at: new Date(), inFolder: false });
 */
export class TypeormFlowVersions implements FlowVersionStore {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async list(limit = 100): Promise<FlowVersionInfo[]> {
    const rows = await this.runner.read((em) => em.find(FlowVersionEntity, { select: INFO_COLUMNS, order: { id: 'DESC' }, take: limit }));
    return rows.map(toInfo);
  }

  async get(id: number): Promise<FlowVersion | undefined> {
    const row = await this.runner.read((em) => em.findOneBy(FlowVersionEntity, { id }));
    return row ? toVersion(row) : undefined;
  }

  async published(): Promise<FlowVersion | undefined> {
    const row = await this.runner.read((em) => em.findOne(FlowVersionEntity, { where: { status: 'published' }, order: { id: 'DESC' } }));
    return row ? toVersion(row) : undefined;
  }

  async publishedId(): Promise<number | undefined> {
    const row = await this.runner.read((em) =>
      em.findOne(FlowVersionEntity, { select: ['id'], where: { status: 'published' }, order: { id: 'DESC' } }),
    );
    return row?.id;
  }

  async lastInFolder(): Promise<FlowVersionInfo | undefined> {
    const row = await this.runner.read((em) =>
      em
        .createQueryBuilder(FlowVersionEntity, 'v')
        .select(INFO_COLUMNS.map((c) => `v.${c}`))
        .where('v.inFolderAt IS NOT NULL')
        .orderBy('v.inFolderAt', 'DESC')
        .addOrderBy('v.id', 'DESC')
        .getOne(),
    );
    return row ? toInfo(row) : undefined;
  }

  async createDraft(files: FlowFiles, by: string, basedOn: number | null, at = new Date()): Promise<FlowVersion> {
    checkNames(files);
    const row = await this.runner.transaction((em) => em.save(FlowVersionEntity, newRow(files, 'draft', 'studio', basedOn, by, at)));
    return toVersion(row);
  }

  async saveDraftFile(id: number, name: string, text: string | null, at = new Date()): Promise<FlowVersion> {
    checkNames({ [name]: '' });
    const row = await this.runner.transaction(async (em) => {
      const draft = await draftOf(em, id);
      const files = JSON.parse(draft.files) as FlowFiles;
      if (text === null) delete files[name];
      else files[name] = text;
      Object.assign(draft, { files: JSON.stringify(files), contentHash: hashFlowFiles(files), updatedAt: at });
      return em.save(FlowVersionEntity, draft);
    });
    return toVersion(row);
  }

  async discardDraft(id: number, at = new Date()): Promise<FlowVersionInfo> {
    const row = await this.runner.transaction(async (em) => {
      const draft = await draftOf(em, id);
      return em.save(FlowVersionEntity, Object.assign(draft, { status: 'archived', updatedAt: at }));
    });
    return toInfo(row);
  }

  async publish(record: PublishRecord): Promise<FlowVersion> {
    const row = await this.runner.transaction(async (em) => {
      let target: FlowVersionEntity;
      if (record.draftId !== undefined) target = await draftOf(em, record.draftId);
      else {
        if (!record.files) throw new Error('publish needs a draftId or files');
        checkNames(record.files);
        target = newRow(record.files, 'published', record.source, record.basedOn ?? null, record.by, record.at);
      }
      await em
        .createQueryBuilder()
        .update(FlowVersionEntity)
        .set({ status: 'archived', updatedAt: record.at })
        .where('status = :published', { published: 'published' })
        .execute();
      Object.assign(target, {
        status: 'published',
        note: record.note,
        publishedBy: record.by,
        publishedAt: record.at,
        updatedAt: record.at,
        inFolderAt: record.inFolder ? record.at : null,
      });
      return em.save(FlowVersionEntity, target);
    });
    return toVersion(row);
  }

  async markInFolder(id: number, at: Date | null): Promise<void> {
    await this.runner.transaction((em) => em.update(FlowVersionEntity, { id }, { inFolderAt: at }));
  }
}

async function draftOf(em: EntityManager, id: number): Promise<FlowVersionEntity> {
  const row = await em.findOneBy(FlowVersionEntity, { id });
  if (!row) throw new KefuError('NOT_FOUND', `版本 #${id} 不存在。Flow version ${id} does not exist.`, 'pick a version from the list.');
  if (row.status !== 'draft')
    throw new KefuError(
      'CONFLICT',
      `版本 #${id} 不是草稿，不能修改。Version ${id} is ${row.status}, not a draft.`,
      'create a new draft from it and edit that.',
    );
  return row;
}

function checkNames(files: FlowFiles): void {
  const bad = Object.keys(files).filter((n) => !isFlowSetFile(n));
  if (bad.length)
    throw new KefuError(
      'BAD_INPUT',
      `文件名不可用：${bad.join('、')}。Not a flow-set file name: ${bad.join(', ')}.`,
      'name flow files like coupon.yaml (a-z, 0-9, _ . -) and transcript tests like tests/coupon.test.yaml.',
    );
}

function newRow(
  files: FlowFiles,
  status: VersionStatus,
  source: VersionSource,
  basedOn: number | null,
  by: string,
  at: Date,
): FlowVersionEntity {
  return Object.assign(new FlowVersionEntity(), {
    status,
    source,
    basedOn,
    files: JSON.stringify(files),
    contentHash: hashFlowFiles(files),
    createdBy: by,
    createdAt: at,
    updatedAt: at,
    note: null,
    publishedBy: null,
    publishedAt: null,
    inFolderAt: null,
  });
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function toInfo(row: FlowVersionEntity): FlowVersionInfo {
  return {
    id: row.id,
    status: row.status as VersionStatus,
    source: row.source as VersionSource,
    basedOn: row.basedOn ?? null,
    contentHash: row.contentHash,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    note: row.note ?? null,
    publishedBy: row.publishedBy ?? null,
    publishedAt: iso(row.publishedAt),
    inFolderAt: iso(row.inFolderAt),
  };
}

function toVersion(row: FlowVersionEntity): FlowVersion {
  return { ...toInfo(row), files: JSON.parse(row.files) as FlowFiles };
}
