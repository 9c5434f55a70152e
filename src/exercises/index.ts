// Course tooling shared by check() (students), the fixture generator, the release, the grader
// (instructors) and the `sepconv` command: exported from the package as `course`.
export {
  SCHEMA_VERSION,
  Manifest,
  ExerciseEntry,
  FixtureFile,
  FixtureCase,
  CompareKind,
  tolerances,
  type CaseSpec,
  type CaseSeed,
} from "./schema";
export { encodeValue, decodeValue, EncodedSchema, type Encoded, type Value } from "./values";
export { scanImports, resolveRelative, type ImportViolation, type ImportScan } from "./imports";
export {
  collectSubmissionFiles,
  transpileSubmission,
  loadExerciseModule,
  ImportPolicyError,
  MissingFileError,
  UnusableFileError,
  SUBMISSION_FILE_BYTES,
  decodeSubmissionFile,
  TRANSPILE_OPTIONS,
  type SourceReader,
} from "./loader";
export { evaluateModules } from "./evaluate";
export { judge, type Verdict, type JudgeOptions } from "./judge";
export {
  callWithCase,
  judgeCase,
  describeThrown,
  type CaseStatus,
  type CaseOutcome,
} from "./run-case";
export { stubMessage, stubOf } from "./call-case";
export {
  findCourseRoot,
  readManifest,
  readFixtures,
  exerciseEntry,
  fixturePath,
  casesPath,
  releaseLanguage,
  CourseFileError,
} from "./course-files";
export { check, type CheckOptions, type CheckSummary } from "./check";
export { CALL, FILES, caseName, caseText, say, type AnyMessage, type Message } from "./messages";
export { type TypeChecked, type TypeCheckRequest, typeCheckSubmission } from "./type-check";
export { Limiter, mapLimit } from "../concurrency";
export { UsageError, parseCommandArgs, parseCommandOptions, type CommandHelp } from "../cli/usage";
