// `npm run gazette -- <command>`: administration from the command line.
//
//   create-admin --email <e-mail> [--name <name>]
//       Creates an active, verified admin account. The password comes from GAZETTE_ADMIN_PASSWORD,
//       or is asked for on the terminal (not echoed, twice).
//
//   setup-url
//       Prints the address that creates the first admin (/setup with the one-time set-up code), as the
//       server logs it at start. Exit code 1 when the site already has an admin.
//
//   spam train --file <labelled.csv>
//       Teaches the site's spam filter a labelled history (stored like moderator decisions), then
//       chooses how its classifier scores (learner.siteVariant(): whether it counts all of a comment's
//       ham-ward evidence or only its strongest tokens, by the same cross-validation; saved as the
//       moderation setting hamEvidenceLimit) and calibrates the site's thresholds on what it learned
//       (cross-validation, held-out false positives ≤ 1 %): the spam threshold (binned without review) is the higher of the calibrated threshold
//       (learner.calibratedThreshold(), never below the shipped default) and the confident threshold;
//       the hold threshold is calibrated as the classifier stage decides (learner.calibratedHoldThreshold():
//       only comments that offer a way to act are held below the spam threshold; it may go below the
//       shipped default, down to 0.5, when the site's own legitimate comments allow it).
//   spam eval --file <labelled.csv> [--json]
//       Precision, recall, F1 and false-positive rate of the filter as this site has it (its classifier
//       with its hamEvidenceLimit): a comment is
//       flagged when the classifier stage would stop it at the site's moderation thresholds (held from
//       the hold threshold if it offers a way to act, else only from the spam threshold).
//
//   import wordpress --file <export.xml> [--media-from <folder or base URL>]
//       Brings in a WordPress export (transfer-commands.ts; README "Moving in").
//   import disqus --file <export.xml>
//       Brings in a Disqus export's comments, on the articles their threads' links name.
//   export [--file <out.xml>]
//       Writes the site as a WordPress export (WXR), to the file or to standard output.
//   backup --file <x> / restore --file <x> [--force]
//   seed --articles <N> [--comments <M>] [--append] [--authors <K>] [--years <Y>] [--seed <S>]
//       A large made-up site for measuring (seed-command.ts).
//       The whole database: SQLite's online backup, or pg_dump / pg_restore (modules/transfer/backup.ts).
//
// Exit codes: 0 done; 1 the command failed (e.g. the e-mail already has an account, the database is
// unreachable); 2 bad usage (arguments, password, configuration).
import { runGazette } from './run.js';

process.exitCode = await runGazette(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
