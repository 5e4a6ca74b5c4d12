// The transfer module as other code sees it: moving a site in (WordPress, Disqus) and out (WXR export), the
// old addresses' redirects, and the whole site's backup and restore.
export { installRedirects, oldAddresses } from './redirects.js';
export { createTransferService, type TransferService } from './transfer.service.js';
export { formatSummary, progressBar, type ImportSummary } from './progress.js';
export { mediaSource } from './media.js';
export { XmlError } from './xml-reader.js';
export { BackupError, backupDatabase, restoreDatabase } from './backup.js';
