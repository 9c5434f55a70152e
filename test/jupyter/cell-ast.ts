// A notebook code cell parsed as TypeScript (the tslab kernel's language), for the tests that
// read what the course's code does rather than what it prints.
import ts from "typescript";

export function parseCell(source: string): ts.SourceFile {
  return ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}
