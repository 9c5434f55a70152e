// The README at the root of the student release: how to open the course and check exercises.
export const STUDENT_README = `# Separable convolutions — the course

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
hidden ones in isolation. Import only what each exercise allows (sepconv's \`Tensor\` and
helpers such as \`tensor\` and \`zeros\`, and your own files); importing the engine's ops is
reported as a disallowed import.
`;
