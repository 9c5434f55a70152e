// What exercise files may use besides "sepconv" and their own files: console, for debugging.
// (The grader type-checks with this same declaration; Node's own types are not available.)
declare const console: {
  log(...values: unknown[]): void;
  error(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  info(...values: unknown[]): void;
  table(data: unknown): void;
};
