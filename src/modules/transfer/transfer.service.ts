// Imports and exports of a whole site, wired once by the composition root (app.ts) with the services of the
// modules that own the tables written.
import { createWordPressImport, type TransferPorts } from './wordpress-import.js';

export function createTransferService(ports: TransferPorts) {
  return {
    importWordPress: createWordPressImport(ports),
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
