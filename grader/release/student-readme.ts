// The README at the root of the student release: how to open the course and check exercises,
// in the release's language.
import type { Language } from "sepconv";

const EN = `# Separable convolutions — the course

Notebooks that teach spatially separable and depthwise-separable convolutions with a real
convolution engine (\`sepconv\`), and exercises in which you implement the ideas yourself.

## Two commands

On a Debian/Ubuntu machine with Node.js 20 or newer (as root, or with sudo):

\`\`\`sh
# 1. install everything and open the course in Jupyter Notebook
npm run system-deps && npm install && npm start

# 2. install everything and check all your exercises against their public cases
npm run system-deps && npm install && npm test
\`\`\`

## Working on the exercises

Each exercise is one file in \`exercises/\` with a description and hints at the top; replace the
line that throws "not implemented yet" with your code. Check one exercise with
\`npm run check -- conv2d\` or, in a notebook, \`check("conv2d")\`: one line per public case, with
what differs and a hint. Your marks come from the course's grader, which runs these cases and
hidden ones in isolation. Like the grader, the check first type-checks your file (strict
TypeScript, as \`npx tsc -p exercises\` does): code with a type error scores 0 even if it would
run. Import only what each exercise allows (sepconv's \`Tensor\` and helpers such as \`tensor\`
and \`zeros\`, and your own files); importing the engine's ops is reported as a disallowed
import.
`;

const ZH = `# 可分离卷积课程

这门课用一个真正的卷积引擎（\`sepconv\`）讲解空间可分离卷积和深度可分离卷积：笔记本里讲原理，练习里由你自己动手实现。

## 两条命令

在装有 Node.js 20 或更新版本的 Debian/Ubuntu 机器上（以 root 身份，或者用 sudo）：

\`\`\`sh
# 1. 安装所需的一切，并在 Jupyter Notebook 里打开课程
npm run system-deps && npm install && npm start

# 2. 安装所需的一切，并用公开用例检查你的全部练习
npm run system-deps && npm install && npm test
\`\`\`

## 做练习

每道练习是 \`exercises/\` 里的一个文件，文件开头有说明和提示；把抛出 "not implemented yet" 的那一行换成你的代码。用 \`npm run check -- conv2d\` 检查一道练习，或者在笔记本里运行 \`check("conv2d")\`：每个公开用例输出一行，说明哪里不同，并给出提示。成绩由课程的评分程序给出，它在隔离环境中运行这些用例和隐藏用例。和评分程序一样，检查会先对你的文件做类型检查（严格模式的 TypeScript，与 \`npx tsc -p exercises\` 相同）：有类型错误的代码即使能运行也得 0 分。每道练习只能导入它允许的名字（sepconv 的 \`Tensor\` 和 \`tensor\`、\`zeros\` 等辅助函数，以及你自己的文件）；导入引擎里的卷积运算会被报告为不允许的导入。检查和评分的反馈都是中文：本版本的 \`package.json\` 里写着 \`"config": { "lang": "zh" }\`，\`npm run check\` 和 \`npm test\` 据此输出中文。
`;

export const STUDENT_README: Readonly<Record<Language, string>> = { en: EN, zh: ZH };
