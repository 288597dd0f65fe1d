// The extractor the docs test relies on: which blocks it finds, how it splits commands, and the pages it refuses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentedBlockError, documentedBlocks, shellCommands } from './documented-blocks.ts';

const page = (...lines: string[]) => lines.join('\n');

describe('documentedBlocks', () => {
  it('finds every fenced block in order, with its language, its line and, for sh, its commands', () => {
    const blocks = documentedBlocks(
      page('# Title', '', '```sh', 'pnpm exec sieve --version', '```', '', '```yaml', 'models: []', '```'),
      'README.md',
    );
    assert.deepEqual(
      blocks.map((b) => [b.lang, b.line, b.commands.map((c) => [c.text, c.line, c.expectedExit])]),
      [
        ['sh', 3, [['pnpm exec sieve --version', 4, 0]]],
        ['yaml', 7, []],
      ],
    );
  });

  it('finds blocks nested in list items and block quotes', () => {
    const blocks = documentedBlocks(
      page(
        '1. Install:',
        '',
        '   ```sh',
        '   pnpm install',
        '   ```',
        '',
        '> ```sh',
        '> echo quoted',
        '> ```',
      ),
      'p.md',
    );
    assert.deepEqual(
      blocks.map((b) => b.commands.map((c) => [c.text, c.line])),
      [[['pnpm install', 4]], [['echo quoted', 8]]],
    );
  });

  it('takes the directive in the HTML comment right before a block', () => {
    const blocks = documentedBlocks(
      page(
        '<!-- docs-test: skip: needs a Kubernetes cluster -->',
        '',
        '```sh',
        'helm install sieve deploy/helm/sieve',
        '```',
        '',
        '<!-- docs-test: server 127.0.0.1:50051 sentiment -->',
        '```sh',
        'pnpm start',
        '```',
        '',
        '<!-- docs-test: excerpt-of examples/python/classify.py -->',
        '```python',
        'import grpc',
        '```',
        '',
        '```sh',
        'echo after',
        '```',
      ),
      'p.md',
    );
    assert.deepEqual(
      blocks.map((b) => b.directive),
      [
        { kind: 'skip', reason: 'needs a Kubernetes cluster' },
        { kind: 'server', address: '127.0.0.1:50051', healthService: 'sentiment' },
        { kind: 'excerpt-of', path: 'examples/python/classify.py' },
        undefined,
      ],
    );
  });

  it('ignores HTML comments that are not docs-test directives', () => {
    const blocks = documentedBlocks(page('<!-- a note -->', '', '```sh', 'true', '```'), 'p.md');
    assert.equal(blocks[0]!.directive, undefined);
  });

  it('refuses what the test could not run as written, naming page and line', () => {
    const refused = (markdown: string, message: RegExp) =>
      assert.throws(
        () => documentedBlocks(markdown, 'docs/x.md'),
        (error: unknown) => error instanceof DocumentedBlockError && message.test(error.message),
      );
    refused(page('```', 'pnpm start', '```'), /^docs\/x\.md:1: a code block without a language/);
    refused(page('```bash', 'pnpm start', '```'), /^docs\/x\.md:1: ```bash: commands are ```sh blocks/);
    refused(page('<!-- docs-test: skip: -->', '```sh', 'x', '```'), /skip needs a reason/);
    refused(page('<!-- docs-test: skip -->', '```sh', 'x', '```'), /unknown docs-test directive "skip"/);
    refused(
      page('<!-- docs-test: skip: why -->', '', 'prose', '', '```sh', 'x', '```'),
      /:1: .*without a code block/,
    );
    refused(page('text', '', '<!-- docs-test: skip: why -->'), /:3: .*without a code block/);
    refused(
      page('<!-- docs-test: server 127.0.0.1:1 x -->', '```sh', 'a', 'b', '```'),
      /exactly one command/,
    );
    refused(page('<!-- docs-test: server 127.0.0.1:1 x -->', '```text', 'a', '```'), /before a ```sh block/);
    refused(page('<!-- docs-test: excerpt-of a.py -->', '```sh', 'a', '```'), /not run/);
  });
});

describe('shellCommands', () => {
  it('splits a block into commands, dropping blank and comment-only lines', () => {
    const commands = shellCommands(
      page('# a comment', 'pnpm exec sieve models list', '', 'pnpm exec sieve classify "hi"   # labels'),
      10,
    );
    assert.deepEqual(
      commands.map((c) => [c.text, c.line]),
      [
        ['pnpm exec sieve models list', 11],
        ['pnpm exec sieve classify "hi"   # labels', 13],
      ],
    );
  });

  it('keeps continued lines (\\, |, &&, ||) with their command', () => {
    const commands = shellCommands(
      page(
        "pnpm exec buf curl -d '{}' \\",
        '  http://127.0.0.1:50051/x',
        'curl -s localhost:9400/metrics |',
        '  grep sieve_',
        'a &&',
        '  b ||',
        '  c',
        'd',
      ),
      1,
    );
    assert.deepEqual(
      commands.map((c) => c.line),
      [1, 3, 5, 8],
    );
    assert.equal(commands[0]!.text, "pnpm exec buf curl -d '{}' \\\n  http://127.0.0.1:50051/x");
  });

  it('keeps a heredoc body with its command, whatever the body holds', () => {
    const commands = shellCommands(
      page("python3 - <<'EOF'", 'print("a") # exits 3', 'x = 1 \\', 'EOF', 'echo next'),
      1,
    );
    assert.deepEqual(
      commands.map((c) => [c.line, c.expectedExit]),
      [
        [1, 0],
        [5, 0],
      ],
    );
    assert.equal(commands[0]!.text.split('\n').length, 4);
  });

  it('reads the exit status a command documents with "# exits N"', () => {
    const commands = shellCommands(
      page(
        'pnpm exec sieve classify --api-key nope hi   # exits 4: the key is unknown',
        'a \\',
        '  b # exits 2',
      ),
      1,
    );
    assert.deepEqual(
      commands.map((c) => c.expectedExit),
      [4, 2],
    );
  });

  it('refuses a block that ends inside a command', () => {
    assert.throws(() => shellCommands('a \\', 1, 'p.md'), /p\.md:1: the last command is continued/);
    assert.throws(() => shellCommands('cat <<EOF\nx', 1, 'p.md'), /heredoc EOF is never closed/);
  });
});
