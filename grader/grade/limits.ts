// Bounds on what the grader reads from a submission, named in the messages that enforce them.
import { course } from "sepconv";

export const LIMITS = {
  /** One .ts file (check() applies the same limit). */
  fileBytes: course.SUBMISSION_FILE_BYTES,
  /** Every .ts file the grader reads from one submission, together. */
  totalBytes: 4 * 1024 * 1024,
  /** .ts files in a zip. */
  files: 500,
  /** A .zip submission on disk. */
  zipBytes: 64 * 1024 * 1024,
  /** Names listed in one folder while locating the exercises. */
  folderEntries: 1000,
} as const;
