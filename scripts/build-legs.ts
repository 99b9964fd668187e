/**
 * node scripts/build-legs.ts
 * Prints the workflow's profile legs as a JSON array: one per build record (builds/*.json, `intended` first), so
 * that a new record gets its CI leg with no change to the workflow (.github/workflows/e2e.yml, job `legs`).
 * BUILD_RECORDS_DIR adds a folder of records (builds/records.ts).
 */
import { buildRecords } from '../builds/records.ts';

process.stdout.write(`${JSON.stringify(buildRecords().map((r) => r.name))}\n`);
