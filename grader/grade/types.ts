// What grading produces. Plain data, deterministic: the same submission always gives the same
// results (no timings in here; the Gradescope writer adds its own execution time).

import type { course } from "sepconv";

/** check()'s statuses (one type for both), less "not-implemented": a report counts a stub as a
 *  failed case and says so in its message. */
type CaseStatus = Exclude<course.CaseStatus, "not-implemented">;

export interface CaseResult {
  name: string;
  hidden: boolean;
  status: CaseStatus;
  score: number;
  maxScore: number;
  message: string;
}

export interface ExerciseResult {
  id: string;
  title: string;
  score: number;
  maxScore: number;
  cases: CaseResult[];
}

export interface SubmissionResult {
  /** The path as given on the command line. */
  submission: string;
  /** The display name in reports: the folder or .zip basename, unique within the batch (grader/grade/names.ts). */
  name: string;
  /** Why nothing could be graded (the path is not a submission), or null. */
  problem: string | null;
  score: number;
  maxScore: number;
  exercises: ExerciseResult[];
}

/** What the isolated run returns for one case, before comparison. */
export type RawOutcome =
  | {
      kind: "value";
      value: unknown;
      output: string;
      outputOverflow: boolean;
      changedArgs?: number[];
    }
  | {
      kind: "threw";
      message: string;
      notImplemented: boolean;
      thrownIn: string | null;
      output: string;
      outputOverflow: boolean;
      changedArgs?: number[];
    }
  /** The function returned something that is not an answer (a {shape, data} object, a class instance...). */
  | {
      kind: "invalid";
      message: string;
      output: string;
      outputOverflow: boolean;
      changedArgs?: number[];
    }
  | { kind: "timeout"; message: string }
  | { kind: "crash"; message: string };
