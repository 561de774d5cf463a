import type { Config } from "../config.js";
import { type AttachmentStore, databaseStore, directoryStore } from "./store.js";

export interface AttachmentSettings {
  store: AttachmentStore;
  maxFileBytes: number;
  maxRequestBytes: number;
  maxFiles: number;
}

export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = {
  store: databaseStore,
  maxFileBytes: 10 * 1024 * 1024,
  maxRequestBytes: 25 * 1024 * 1024,
  maxFiles: 20,
};

/** The store and limits chosen at start from the configuration (the database unless ATTACHMENT_STORAGE=dir). */
export function attachmentSettings(cfg: Config): AttachmentSettings {
  return {
    store:
      cfg.ATTACHMENT_STORAGE === "dir"
        ? directoryStore(cfg.ATTACHMENT_DIR ?? `${cfg.DATA_DIR}/attachments`)
        : databaseStore,
    maxFileBytes: cfg.ATTACHMENT_MAX_FILE_BYTES,
    maxRequestBytes: cfg.ATTACHMENT_MAX_REQUEST_BYTES,
    maxFiles: DEFAULT_ATTACHMENT_SETTINGS.maxFiles,
  };
}
