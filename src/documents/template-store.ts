import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export interface TemplateVersion {
  name: string;
  /** null for the built-in template shipped in templates/. */
  version: number | null;
  bytes: Buffer;
}

const BUILT_IN_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** Template bytes are read once and cached; a docxtemplater instance is never reused (it renders once). */
export function createTemplateStore() {
  const cache = new Map<string, Promise<TemplateVersion>>();
  return {
    load(name: string): Promise<TemplateVersion> {
      if (!/^[a-z0-9-]+$/.test(name)) return Promise.reject(new Error(`invalid template name: ${name}`));
      let entry = cache.get(name);
      if (!entry) {
        entry = readFile(`${BUILT_IN_DIR}${name}.docx`).then((bytes) => ({ name, version: null, bytes }));
        entry.catch(() => cache.delete(name));
        cache.set(name, entry);
      }
      return entry;
    },
  };
}
export type TemplateStore = ReturnType<typeof createTemplateStore>;
