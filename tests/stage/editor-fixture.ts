/** A lesson for the editor and terminal tests: a 70-line file opened at lines 40-43, then 5; four scenes sharing one terminal. */

export const EDITOR_SCRIPT = `## vscode

Here is a long file.

\`\`\`bash
code configs/long.yml:40-43
\`\`\`

These four lines are the service.

\`\`\`bash
$ echo one
one
code configs/long.yml:5
\`\`\`

Back near the top.

## slide

In between.

## terminal

We are back in the terminal.

\`\`\`bash
$ echo two
two
\`\`\`

## terminal

A fresh start.

\`\`\`bash
clear
$ echo three
three
\`\`\`
`;

/** A 70-line YAML file whose line n says `line-n`. */
export const LONG_FILE = Array.from({ length: 70 }, (_, i) => `line-${i + 1}: ${i % 3 === 0 ? 'service' : 'value'}`).join('\n') + '\n';
