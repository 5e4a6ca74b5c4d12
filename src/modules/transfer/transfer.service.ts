// Imports and exports of a whole site, wired once by the composition root (app.ts) with the services of the
// modules that own the tables written.
import { createWordPressImport } from './wordpress-import.js';
import { createDisqusImport, type DisqusPorts } from './disqus-import.js';
import { createWxrExport } from './wxr-export.js';

export function createTransferService(ports: DisqusPorts) {
  return {
    importWordPress: createWordPressImport(ports),
    importDisqus: createDisqusImport(ports),
    exportWxr: createWxrExport(ports),
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
