// The Chinese edition (notebooks/zh/) as committed: its prose is Chinese (no English sentence
// left in a markdown cell, README or glossary line), it uses the glossary's terms wherever its
// English twin uses the English term, and never the glossary's rejected variants; its cells and
// code are the English twin's (strings and comments aside) with setLanguage("zh") in the first
// code cell; no paragraph is broken across lines next to a CJK character (Chromium would show the
// break as a space); its code cells' strings (what they print or label charts with) are not
// English sentences either. Runs over the zh notebooks that exist.
import { type GlossaryRow, cjkSoftBreaks, parseGlossary } from "../glossary";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { parseCell } from "./cell-ast";
import { describe, expect, it } from "vitest";

const dir = path.resolve(__dirname, "../../notebooks");
const zhDir = path.join(dir, "zh");

/** Latin words a Chinese text may keep: names of libraries, data sets, people and formats. */
const NAMES = new Set(
  [
    "TensorFlow",
    "Keras",
    "PyTorch",
    "MobileNet",
    "MNIST",
    "ImageNet",
    "ReLU",
    "PReLU",
    "softmax",
    "logits",
    "epoch",
    "Sobel",
    "Jupyter",
    "Notebook",
    "TypeScript",
    "tslab",
    "npm",
    "Node",
    "Adam",
    "Mandrill",
    "baboon",
    "Chi-Feng",
    "Wang",
    "Towards",
    "Data",
    "Science",
    "LeCun",
    "Cortes",
    "Burges",
    "Howard",
    "Gradescope",
    "Xception",
    "Lawhern",
    "Cin",
    "Cout",
    "valid",
    "same",
  ].map((w) => w.toLowerCase()),
);
/** Distinct Latin words one markdown cell (or one line of a .md file) may hold besides NAMES:
 *  room for English originals in brackets after terms, "深度卷积（depthwise convolution）". An
 *  English sentence left untranslated has more, and mostly distinct, words. */
const MAX_WORDS = 5;

/** Prose with what is not prose removed: code, math, links, URLs, HTML tags, titles of works
 *  (quoted or in italics), and blockquotes (the lesson's own sentences). */
function prose(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/\$[^$\n]*\$/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/[“"「『][A-Za-z][^”"」』]*[”"」』]/g, " ")
    .replace(/\*[A-Za-z][^*\p{Script=Han}]*\*/gu, " ")
    .replace(/^\s*>.*$/gm, " ");
}

/** English words in a piece of Chinese prose: plain words of 3 or more letters ("the",
 *  "Convolution"), not names, acronyms (NHWC), code-like tokens (conv2d, KxK) or NAMES. */
function englishWords(markdown: string): string[] {
  const tokens = prose(markdown).match(/[A-Za-z0-9_]+(?:['’-][A-Za-z0-9_]+)*/g) ?? [];
  return tokens.filter(
    (t) => /^[A-Za-z][a-z]{2,}(?:['’-][a-z]+)*$/.test(t) && !NAMES.has(t.toLowerCase()),
  );
}

/** The text of a code cell's string and template literals, one per line (module names of
 *  imports left out): what it can print or put on a chart. */
function stringsOf(code: string): string {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      out.push(node.text);
    ts.forEachChild(node, visit);
  };
  const sf = parseCell(code);
  ts.forEachChild(sf, visit);
  return out.join("\n");
}

interface Cell {
  cell_type: string;
  id: string;
  source: string | string[];
}
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const readCells = (file: string): Cell[] =>
  (JSON.parse(readFileSync(file, "utf8")) as { cells: Cell[] }).cells;

const zhNotebooks = existsSync(zhDir)
  ? readdirSync(zhDir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
  : [];
const zhMarkdownFiles = ["README.md", "glossary.md"].filter((f) => existsSync(path.join(zhDir, f)));

/** One message per unit (cell or line) with more than MAX_WORDS English words, naming them. */
function untranslated(units: { where: string; markdown: string }[]): string[] {
  return units.flatMap(({ where, markdown }) => {
    const words = [...new Set(englishWords(markdown).map((w) => w.toLowerCase()))];
    return words.length > MAX_WORDS
      ? [
          `${where}: ${words.length} distinct English words (at most ${MAX_WORDS}): ${words.join(" ")}`,
        ]
      : [];
  });
}

/** A .md file's lines, fenced code blocks left out; in the glossary, the English column too. */
function markdownLines(file: string): { where: string; markdown: string }[] {
  const body = readFileSync(path.join(zhDir, file), "utf8").replace(/```[\s\S]*?```/g, (m) =>
    m.replace(/[^\n]/g, ""),
  );
  return body.split("\n").map((line, i) => ({
    where: `zh/${file} line ${i + 1}`,
    markdown:
      file === "glossary.md" && line.startsWith("|") ? line.split("|").slice(2).join("|") : line,
  }));
}

/** Quoted text (a mention, not a use: “信道”, the lesson's own sentences) and blockquotes. */
const withoutQuotes = (s: string) =>
  s.replace(/“[^”]*”|「[^」]*」|『[^』]*』|"[^"\n]*"/g, " ").replace(/^>.*$/gm, " ");

/** Where a Chinese text uses a rejected variant outside quotes. */
function rejectedUses(rows: GlossaryRow[], where: string, body: string): string[] {
  const plain = withoutQuotes(body);
  return rows.flatMap((r) =>
    r.rejected
      .filter((w) => plain.includes(w))
      .map((w) => `${where} uses "${w}" (the glossary's term: ${r.chinese.join(" / ")})`),
  );
}

/** An English term as a word in English prose: any case, plural, -ise or -ize; not part of a
 *  hyphenated compound ("rank-3" is a tensor's number of dimensions, not a matrix's rank). */
function englishPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/iz(?=ation|e)/g, "i[sz]");
  return new RegExp(`(?<![A-Za-z-])${escaped}(?:s|es)?(?![A-Za-z\\d-])`, "i");
}

/** Short forms of glossary terms in the English notebooks. */
const SHORT_FORMS: Record<string, string[]> = { "batch normalization": ["batch norm"] };

/** Glossary terms the English twin's prose uses whose Chinese term the zh notebook lacks. When a
 *  row lists as many Chinese as English terms they pair up ("weights, bias": 权重, 偏置). Longer
 *  terms are taken out of the English first, so "batch normalisation" is not also "batch". Only a
 *  term's Chinese words are looked for: "1x1 卷积核" is used by "卷积核是 1x1 的". */
function missingTerms(
  rows: GlossaryRow[],
  name: string,
  english: string,
  chinese: string,
): string[] {
  const han = (s: string) => s.replace(/[^\p{Script=Han}]/gu, "");
  const zh = han(chinese);
  const terms = rows
    .flatMap((r) =>
      r.english.map((term, i) => ({
        term,
        wanted: (r.chinese.length === r.english.length ? [r.chinese[i]!] : r.chinese)
          .map(han)
          .filter((w) => w.length > 0),
      })),
    )
    .sort((a, b) => b.term.length - a.term.length);
  let text = english;
  const problems: string[] = [];
  for (const { term, wanted } of terms) {
    let used = false;
    for (const form of [term, ...(SHORT_FORMS[term] ?? [])]) {
      text = text.replace(new RegExp(englishPattern(form).source, "gi"), () => {
        used = true;
        return " ";
      });
    }
    if (used && wanted.length > 0 && !wanted.some((w) => zh.includes(w)))
      problems.push(
        `zh/${name}: its English twin says "${term}", the Chinese never "${wanted.join(" / ")}"`,
      );
  }
  return problems;
}

/** What a code cell computes with, strings and comments aside: its numbers and the names it
 *  calls, in order. The Chinese edition's own setLanguage call and import are left out. */
function codeShape(source: string): string[] {
  const file = parseCell(source);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportSpecifier(node) && node.name.text === "setLanguage") return;
    if (
      ts.isExpressionStatement(node) &&
      ts.isCallExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === "setLanguage"
    )
      return;
    if (ts.isNumericLiteral(node)) out.push(node.text);
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? `.${callee.name.text}`
          : ts.SyntaxKind[callee.kind];
      out.push(`${name}()`);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return out;
}

/** How a Chinese notebook departs from its English twin: cells (ids, types, order), outputs, the
 *  setLanguage("zh") call in its first code cell, numbers and calls in its code. */
function twinProblems(name: string, english: Cell[], chinese: Cell[]): string[] {
  const ids = (cells: Cell[]) => cells.map((c) => `${c.id} (${c.cell_type})`).join(", ");
  if (ids(english) !== ids(chinese))
    return [`zh/${name}: cells ${ids(chinese)}; in English ${ids(english)}`];
  const problems: string[] = [];
  const firstCode = chinese.find((c) => c.cell_type === "code");
  if (!firstCode || !/\bsetLanguage\(\s*["']zh["']\s*\)/.test(text(firstCode)))
    problems.push(`zh/${name}: its first code cell does not call setLanguage("zh")`);
  chinese.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const [a, b] = [codeShape(text(english[i]!)), codeShape(text(c))];
    const k = a.findIndex((x, j) => x !== b[j]);
    if (k >= 0 || a.length !== b.length) {
      const at = k >= 0 ? k : a.length;
      problems.push(
        `zh/${name} cell ${c.id}: the code differs from the English at ${b[at] ?? "(end)"} ` +
          `(English ${a[at] ?? "(end)"})`,
      );
    }
    if ((c as { outputs?: unknown[] }).outputs?.length)
      problems.push(`zh/${name} cell ${c.id}: committed with outputs`);
  });
  return problems;
}

const glossaryFile = path.join(zhDir, "glossary.md");
const glossary = parseGlossary(readFileSync(glossaryFile, "utf8"));

describe("the Chinese edition (notebooks/zh/)", () => {
  it("reads the glossary: every row has an English and a Chinese term", () => {
    expect(glossary.length).toBeGreaterThan(40);
    for (const r of glossary) {
      expect(r.english.length, JSON.stringify(r)).toBeGreaterThan(0);
      expect(r.chinese.length, JSON.stringify(r)).toBeGreaterThan(0);
    }
    expect(glossary.find((r) => r.english.includes("channel"))).toEqual({
      english: ["channel"],
      chinese: ["通道"],
      rejected: ["信道"],
    });
  });

  it("every notebook has both editions: an English one in notebooks/, a Chinese one in zh/", () => {
    const english = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));
    expect(english.length).toBeGreaterThanOrEqual(7);
    const noEnglish = zhNotebooks.filter((f) => !english.includes(f));
    expect(noEnglish, "zh notebooks without an English notebook of the same name").toEqual([]);
    const noChinese = english.filter((f) => !zhNotebooks.includes(f));
    expect(noChinese, "English notebooks without a Chinese edition in notebooks/zh/").toEqual([]);
  });

  it(`no markdown cell, README or glossary line holds more than ${MAX_WORDS} distinct English words`, () => {
    const units = [
      ...zhNotebooks.flatMap((f) =>
        readCells(path.join(zhDir, f))
          .filter((c) => c.cell_type === "markdown")
          .map((c) => ({ where: `zh/${f} cell ${c.id}`, markdown: text(c) })),
      ),
      ...zhMarkdownFiles.flatMap(markdownLines),
    ];
    expect(units.length).toBeGreaterThan(0);
    expect(untranslated(units)).toEqual([]);
  });

  it(`no code cell's strings (what it prints or labels a chart with) hold more than ${MAX_WORDS} distinct English words`, () => {
    const units = zhNotebooks.flatMap((f) =>
      readCells(path.join(zhDir, f))
        .filter((c) => c.cell_type === "code")
        .map((c) => ({ where: `zh/${f} code cell ${c.id}`, markdown: stringsOf(text(c)) })),
    );
    expect(units.length).toBeGreaterThan(0);
    expect(untranslated(units)).toEqual([]);
    // The check sees an English sentence in a code cell's string.
    const sentence =
      "display.markdown(`the network learns its weights from every training image`);";
    expect(untranslated([{ where: "probe", markdown: stringsOf(sentence) }])).toHaveLength(1);
  });

  it("no Chinese notebook or README uses a rejected variant of a glossary term", () => {
    const problems = [
      ...zhNotebooks.flatMap((f) =>
        readCells(path.join(zhDir, f)).flatMap((c) =>
          rejectedUses(glossary, `zh/${f} cell ${c.id}`, text(c)),
        ),
      ),
      ...zhMarkdownFiles
        .filter((f) => f !== "glossary.md")
        .flatMap((f) =>
          rejectedUses(glossary, `zh/${f}`, readFileSync(path.join(zhDir, f), "utf8")),
        ),
    ];
    expect(problems).toEqual([]);
  });

  it("each Chinese notebook has its English twin's cells and code, setLanguage('zh') first, no outputs", () => {
    const problems = zhNotebooks
      .filter((f) => existsSync(path.join(dir, f)))
      .flatMap((f) =>
        twinProblems(f, readCells(path.join(dir, f)), readCells(path.join(zhDir, f))),
      );
    expect(problems).toEqual([]);
  });

  it("each Chinese notebook uses the glossary's term wherever its English twin uses the English one", () => {
    const problems = zhNotebooks
      .filter((f) => existsSync(path.join(dir, f)))
      .flatMap((f) => {
        const english = readCells(path.join(dir, f))
          .filter((c) => c.cell_type === "markdown")
          .map((c) => prose(text(c)))
          .join("\n");
        const chinese = readCells(path.join(zhDir, f)).map(text).join("\n");
        return missingTerms(glossary, f, english, chinese);
      });
    expect(problems).toEqual([]);
  });

  it("no Chinese paragraph or list item is broken across lines next to a CJK character", () => {
    const problems = [
      ...zhNotebooks.flatMap((f) =>
        readCells(path.join(zhDir, f))
          .filter((c) => c.cell_type === "markdown")
          .flatMap((c) => cjkSoftBreaks(`zh/${f} cell ${c.id}`, text(c))),
      ),
      ...zhMarkdownFiles.flatMap((f) =>
        cjkSoftBreaks(`zh/${f}`, readFileSync(path.join(zhDir, f), "utf8")),
      ),
    ];
    expect(problems).toEqual([]);
  });

  // The checks themselves, on made-up text.
  it("counts English words outside code, math, links and names, and names them", () => {
    expect(
      englishWords(
        "> The lesson: separable convolutions are great.\n*MobileNets: Efficient Convolutional Neural Networks*，深度卷积（depthwise convolution）用 `depthwiseConv2d` 计算 $K \\times K$，见 [the paper](https://x.org) 与 “A Basic Introduction”；TensorFlow、NHWC、conv2d、KxK、Ho x Wo。",
      ),
    ).toEqual(["depthwise", "convolution"]);
    // A term glossed twice is not an untranslated sentence.
    const glossed = "深度卷积（depthwise convolution）与逐点卷积（pointwise convolution）";
    expect(untranslated([{ where: "w", markdown: `${glossed}。${glossed}。` }])).toEqual([]);
    const sentence = "Each output channel is a weighted sum of the depthwise maps.";
    expect(
      untranslated([{ where: "zh/09-x.ipynb cell a", markdown: `说明。${sentence}` }]),
    ).toEqual([
      "zh/09-x.ipynb cell a: 8 distinct English words (at most 5): each output channel weighted sum the depthwise maps",
    ]);
  });

  it("finds a Chinese notebook whose cells or code depart from the English", () => {
    const cell = (id: string, source: string, type = "code"): Cell => ({
      cell_type: type,
      id,
      source,
    });
    const english = [
      cell("m", "# Title", "markdown"),
      cell(
        "a",
        'import { fmt } from "sepconv";\nconst x = randomNormal([1, 8], { seed: 3 }); // shape',
      ),
      cell("b", 'show(fmt(x.size) + " values", "title");'),
    ];
    const chinese = [
      cell("m", "# 标题", "markdown"),
      cell(
        "a",
        'import { fmt, setLanguage } from "sepconv";\nsetLanguage("zh");\nconst x = randomNormal([1, 8], { seed: 3 }); // 形状',
      ),
      cell("b", 'show(fmt(x.size) + " 个值", "标题");'),
    ];
    expect(twinProblems("09-x.ipynb", english, chinese)).toEqual([]);
    const seed4 = chinese.map((c) =>
      c.id === "a" ? { ...c, source: text(c).replace("3", "4") } : c,
    );
    expect(twinProblems("09-x.ipynb", english, seed4)).toEqual([
      "zh/09-x.ipynb cell a: the code differs from the English at 4 (English 3)",
    ]);
    expect(twinProblems("09-x.ipynb", english, [english[0]!, english[1]!, english[2]!])).toEqual([
      'zh/09-x.ipynb: its first code cell does not call setLanguage("zh")',
    ]);
    expect(twinProblems("09-x.ipynb", english, [chinese[0]!, chinese[2]!, chinese[1]!])).toEqual([
      "zh/09-x.ipynb: cells m (markdown), b (code), a (code); in English m (markdown), a (code), b (code)",
    ]);
  });

  it("finds a rejected variant outside quotes, and a missing glossary term, naming file and word", () => {
    const rows = parseGlossary(
      "| 英文 | 译名 | 不用 |\n|---|---|---|\n| stride | 步幅 | 步长 |\n| weights, bias | 权重，偏置 | 偏差 |\n| channel | 通道 | 信道 |",
    );
    expect(
      rejectedUses(rows, "zh/09-x.ipynb cell a", "译文把 channel 译作“信道”。步长为 2。"),
    ).toEqual(['zh/09-x.ipynb cell a uses "步长" (the glossary\'s term: 步幅)']);
    expect(
      missingTerms(
        rows,
        "09-x.ipynb",
        "The stride is 2; the bias is added; channels.",
        "步幅为 2，加上偏差；通道。",
      ),
    ).toEqual(['zh/09-x.ipynb: its English twin says "bias", the Chinese never "偏置"']);
    expect(englishPattern("batch normalization").test("Batch normalisation's moving mean")).toBe(
      true,
    );
    expect(englishPattern("rank").test("a rank-3 input")).toBe(false);
    const bn = parseGlossary("| batch | 批次 | |\n| batch normalization | 批归一化 | 批标准化 |");
    expect(
      missingTerms(bn, "09-x.ipynb", "batch norm, then batch normalisation", "批归一化"),
    ).toEqual([]);
    expect(missingTerms(bn, "09-x.ipynb", "a batch of 32", "批归一化")).toEqual([
      'zh/09-x.ipynb: its English twin says "batch", the Chinese never "批次"',
    ]);
  });
  it("finds soft line breaks next to CJK characters, not hard, block or code breaks", () => {
    const md = [
      "# 标题", // a heading ends at its line
      "第一句，", // 1: CJK punctuation before the break
      "第二句 **加粗**", // 2: a Han character behind the emphasis marker
      "English [链接](https://x.org)", // 3: the link's text, not its target
      "words and more", // Latin on both sides: a space either way
      "",
      "- 列表项", // 6: a list item's continuation line
      "  续行",
      "- 第二项", // a new item is a block, not a soft break
      "",
      "> 引文的第一行", // 11: a blockquote's continuation
      "> 第二行",
      "",
      "硬换行\\", // a hard break (backslash) is meant
      "下一行",
      "```",
      "代码里的",
      "换行",
      "```",
      "| 表 | 格 |",
      "| 中 | 文 |",
    ].join("\n");
    expect(cjkSoftBreaks("zh/09-x.ipynb cell a", md)).toEqual(
      [
        [2, "，", "第"],
        [3, "粗", "E"],
        [4, "接", "w"],
        [7, "项", "续"],
        [11, "行", "第"],
      ].map(
        ([line, a, b]) =>
          `zh/09-x.ipynb cell a line ${line}: a line break between "${a}" and "${b}" shows as ` +
          "a space in Chromium; write the paragraph on one line",
      ),
    );
    expect(cjkSoftBreaks("w", "第一句，第二句 **加粗** English [链接](u) words")).toEqual([]);
  });
});
