// `npm run migrate`: apply pending migrations to DATABASE_URL and exit.
import { loadConfig } from '../config.js';
import { createDb } from '../platform/db/database.js';
import { migrateToLatest } from '../migrations/index.js';

const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await db.close();
}
