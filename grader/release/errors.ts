/** What the release refused to write, and the file or folder at fault. */
export class ReleaseError extends Error {
  override readonly name = "ReleaseError";
  constructor(
    /** The source file, or the release folder, the problem is in. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
