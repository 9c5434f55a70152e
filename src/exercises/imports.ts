// The import policy for exercise files: `sepconv` only for the names the manifest allows
// (helpers such as Tensor, not the engine ops that would solve the exercise), relative files
// inside the submission, nothing else — no require(), no dynamic import(), no node: modules,
// no triple-slash directives and no global or module augmentations.
import path from "node:path";
import ts from "typescript";
import { type Language, language } from "../i18n";
import { IMPORTS, say } from "./messages";

export interface ImportViolation {
  file: string;
  line: number;
  message: string;
}

interface ImportedFile {
  /** Absolute path of a relative import's .ts file. */
  resolved: string;
  specifier: string;
}

export interface ImportScan {
  violations: ImportViolation[];
  relative: ImportedFile[];
}

/** Resolves "./name" (with or without .ts) to a .ts file inside `root`, or null if it escapes. */
export function resolveRelative(root: string, fromFile: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const file = base.endsWith(".ts") ? base : `${base}.ts`;
  const rel = path.relative(root, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return file;
}

/** Scans one file's imports against `allowed` (module -> names). */
export function scanImports(
  root: string,
  file: string,
  source: string,
  allowed: Readonly<Record<string, readonly string[]>>,
  lang: Language = language(),
): ImportScan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const violations: ImportViolation[] = [];
  const relative: ImportedFile[] = [];
  const rel = path.relative(root, file);
  const at = (node: ts.Node): number =>
    sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const violation = (node: ts.Node, message: string) =>
    violations.push({ file: rel, line: at(node), message });

  const checkModule = (
    node: ts.Node,
    specifier: string,
    names: { name: string; typeOnly: boolean }[] | "namespace" | "default" | "all",
  ) => {
    if (specifier.startsWith("./") || specifier.startsWith("../")) {
      const resolved = resolveRelative(root, file, specifier);
      if (resolved === null) violation(node, say(IMPORTS.outside, lang, specifier));
      else relative.push({ resolved, specifier });
      return;
    }
    const permitted = allowed[specifier];
    if (permitted === undefined) {
      const modules = Object.keys(allowed)
        .map((m) => `"${m}"`)
        .join(", ");
      violation(node, say(IMPORTS.module, lang, specifier, modules));
      return;
    }
    if (names === "namespace" || names === "default" || names === "all") {
      violation(node, say(IMPORTS.wholeModule, lang, specifier, permitted.join(", ")));
      return;
    }
    for (const { name, typeOnly } of names) {
      if (!typeOnly && !permitted.includes(name)) {
        violation(node, say(IMPORTS.name, lang, name, specifier, permitted.join(", ")));
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const spec = node.moduleSpecifier.text;
      if (!clause) checkModule(node, spec, []);
      else if (clause.isTypeOnly) checkModule(node, spec, []);
      else if (clause.name) checkModule(node, spec, "default");
      else if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings))
        checkModule(node, spec, "namespace");
      else if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        checkModule(
          node,
          spec,
          clause.namedBindings.elements.map((e) => ({
            name: (e.propertyName ?? e.name).text,
            typeOnly: e.isTypeOnly,
          })),
        );
      }
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const spec = node.moduleSpecifier.text;
      if (node.isTypeOnly) checkModule(node, spec, []);
      else if (!node.exportClause || ts.isNamespaceExport(node.exportClause))
        checkModule(node, spec, "all");
      else
        checkModule(
          node,
          spec,
          node.exportClause.elements.map((e) => ({
            name: (e.propertyName ?? e.name).text,
            typeOnly: e.isTypeOnly,
          })),
        );
    } else if (
      ts.isModuleDeclaration(node) &&
      (ts.isStringLiteral(node.name) || (node.flags & ts.NodeFlags.GlobalAugmentation) !== 0)
    ) {
      // `declare global` / `declare module "x"` change what every other file sees: the grader
      // checks a submission's files as one program, check() one exercise's, so they would differ.
      violation(node, say(IMPORTS.augmentation, lang));
    } else if (ts.isImportEqualsDeclaration(node)) {
      violation(node, say(IMPORTS.importEquals, lang));
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
        violation(node, say(IMPORTS.dynamicImport, lang));
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require")
        violation(node, say(IMPORTS.require, lang));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // Triple-slash directives bring in other files' or libraries' types, or drop the standard
  // library (no-default-lib) for every file of the program: the course's types only.
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const directives = [
    ...sf.referencedFiles,
    ...sf.typeReferenceDirectives,
    ...sf.libReferenceDirectives,
  ];
  for (const d of directives)
    violations.push({ file: rel, line: lineOf(d.pos), message: say(IMPORTS.tripleSlash, lang) });
  if (sf.hasNoDefaultLib) {
    const at = /^\s*\/\/\/\s*<reference\s+no-default-lib/m.exec(source)?.index ?? 0;
    violations.push({ file: rel, line: lineOf(at), message: say(IMPORTS.tripleSlash, lang) });
  }
  violations.sort((a, b) => a.line - b.line);
  return { violations, relative };
}
