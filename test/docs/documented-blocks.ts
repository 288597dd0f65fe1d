// Pure: the code blocks of a Markdown page, as the docs test runs them. Every fenced block must name its language, so
// that nothing a reader may paste hides from the test; ```sh blocks are commands, run exactly as printed; other
// languages (yaml, text, python, ts...) are not run. An HTML comment right before a block, invisible when the page is
// rendered, tells the test what it cannot guess:
//
//   <!-- docs-test: skip: REASON -->               not run; REASON is required, and the test lists every skip
//   <!-- docs-test: server ADDRESS SERVICE -->     a command that runs until stopped (`pnpm start`): the test runs it
//                                                  in the background, waits until ADDRESS's gRPC health reports
//                                                  SERVICE as SERVING, and stops it with SIGINT (Ctrl-C) when a later
//                                                  server block replaces it or when every page has run
//   <!-- docs-test: excerpt-of PATH -->            a non-command block copied from PATH (a runnable example file):
//                                                  the test checks that PATH still contains it word for word
//
// Inside a ```sh block, a command may end with `# exits N` when the exit status it documents is not 0.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Code, Html, Nodes, Parent } from 'mdast';

export type BlockDirective =
  | { kind: 'skip'; reason: string }
  | { kind: 'server'; address: string; healthService: string }
  | { kind: 'excerpt-of'; path: string };

export interface ShellCommand {
  /** The command as printed, continuation lines and heredoc bodies included. */
  text: string;
  /** 1-based line of the page where the command starts. */
  line: number;
  /** 0, or what a trailing `# exits N` says. */
  expectedExit: number;
}

export interface DocumentedBlock {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  directive?: BlockDirective;
  /** Only for ```sh blocks. */
  commands: ShellCommand[];
}

/** A page the test cannot run as written: the message names the page and line. */
export class DocumentedBlockError extends Error {
  constructor(page: string, line: number, problem: string) {
    super(`${page}:${line}: ${problem}`);
    this.name = 'DocumentedBlockError';
  }
}

const DIRECTIVE = /^<!--\s*docs-test:\s*([\s\S]*?)\s*-->$/;
const EXPECTED_EXIT = /\s#\s*exits\s+(\d+)\b/;
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
/** A line that does not end its command: `\` before the newline, or an operator still waiting for its right side. */
const CONTINUED = /(\\|\|\||&&|\|)\s*$/;

export function parseDirective(text: string, page: string, line: number): BlockDirective {
  const skip = /^skip:\s*(.*)$/s.exec(text);
  if (skip) {
    const reason = skip[1]!.trim();
    if (!reason) throw new DocumentedBlockError(page, line, 'docs-test skip needs a reason: "skip: <why>"');
    return { kind: 'skip', reason };
  }
  const server = /^server\s+(\S+)\s+(\S+)$/.exec(text);
  if (server) return { kind: 'server', address: server[1]!, healthService: server[2]! };
  const excerpt = /^excerpt-of\s+(\S+)$/.exec(text);
  if (excerpt) return { kind: 'excerpt-of', path: excerpt[1]! };
  throw new DocumentedBlockError(
    page,
    line,
    `unknown docs-test directive "${text}" (known: "skip: <why>", "server <address> <health service>", "excerpt-of <path>")`,
  );
}

/** Splits a ```sh block into the commands a shell reads one at a time (comment-only and blank lines dropped). */
export function shellCommands(code: string, firstLine: number, page = '<sh>'): ShellCommand[] {
  const lines = code.split('\n');
  const commands: ShellCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    const current = lines[i]!;
    if (current.trim() === '' || current.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const taken = [current];
    let heredoc = HEREDOC.exec(current)?.[2];
    let last = current;
    i++;
    while (heredoc !== undefined || CONTINUED.test(last)) {
      if (i >= lines.length) {
        const what =
          heredoc !== undefined ? `heredoc ${heredoc} is never closed` : 'the last command is continued';
        throw new DocumentedBlockError(page, firstLine + start, `${what} at the end of the block`);
      }
      last = lines[i++]!;
      taken.push(last);
      if (heredoc !== undefined) {
        if (last.trim() === heredoc) heredoc = undefined;
      } else {
        heredoc = HEREDOC.exec(last)?.[2];
      }
    }
    const expected = EXPECTED_EXIT.exec(taken[0]!) ?? EXPECTED_EXIT.exec(last);
    commands.push({
      text: taken.join('\n'),
      line: firstLine + start,
      expectedExit: expected ? Number(expected[1]) : 0,
    });
  }
  return commands;
}

function isParent(node: Nodes): node is Nodes & Parent {
  return 'children' in node;
}

/** Every fenced code block of a page, in order, with the directive right before it and, for ```sh, its commands. */
export function documentedBlocks(markdown: string, page: string): DocumentedBlock[] {
  const blocks: DocumentedBlock[] = [];
  const visit = (parent: Parent) => {
    let pending: { directive: BlockDirective; line: number } | undefined;
    for (const node of parent.children) {
      const line = node.position?.start.line ?? 0;
      if (node.type === 'html' && DIRECTIVE.test((node as Html).value.trim())) {
        if (pending)
          throw new DocumentedBlockError(
            page,
            pending.line,
            'docs-test directive without a code block after it',
          );
        pending = {
          directive: parseDirective(DIRECTIVE.exec((node as Html).value.trim())![1]!, page, line),
          line,
        };
        continue;
      }
      if (node.type === 'code') {
        blocks.push(codeBlock(node, page, line, pending?.directive));
        pending = undefined;
        continue;
      }
      if (pending)
        throw new DocumentedBlockError(
          page,
          pending.line,
          'docs-test directive without a code block after it',
        );
      if (isParent(node as Nodes)) visit(node as Parent);
    }
    if (pending)
      throw new DocumentedBlockError(page, pending.line, 'docs-test directive without a code block after it');
  };
  visit(fromMarkdown(markdown));
  return blocks;
}

function codeBlock(
  node: Code,
  page: string,
  line: number,
  directive: BlockDirective | undefined,
): DocumentedBlock {
  if (!node.lang) {
    throw new DocumentedBlockError(
      page,
      line,
      'a code block without a language (unlabelled or indented): fence it and name one (```sh for commands, which are run; ```text, ```yaml... otherwise)',
    );
  }
  if (['bash', 'shell', 'console', 'zsh'].includes(node.lang)) {
    throw new DocumentedBlockError(
      page,
      line,
      `\`\`\`${node.lang}: commands are \`\`\`sh blocks (the test runs those)`,
    );
  }
  const isShell = node.lang === 'sh';
  if (directive?.kind === 'server' && !isShell) {
    throw new DocumentedBlockError(page, line, 'a docs-test server directive belongs before a ```sh block');
  }
  if (directive?.kind === 'excerpt-of' && isShell) {
    throw new DocumentedBlockError(
      page,
      line,
      'an excerpt-of directive belongs before a block that is not run',
    );
  }
  // The block's code starts on the line after its opening fence.
  const commands = isShell ? shellCommands(node.value, line + 1, page) : [];
  if (directive?.kind === 'server' && commands.length !== 1) {
    throw new DocumentedBlockError(page, line, 'a docs-test server block holds exactly one command');
  }
  return { page, line, lang: node.lang, code: node.value, directive, commands };
}
