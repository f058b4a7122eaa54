/**
 * Prints the plain closing line `tests: N passed, N failed, N skipped` after a vitest run, a format CI
 * tooling reads regardless of the runner. A test that did not run because a hook of its suite failed
 * (vitest reports it as skipped) counts as failed.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** True when the test's suite, any suite around it, or its module failed (e.g. in beforeAll). */
function enclosingFailed(t: TestCase): boolean {
  for (let p: TestCase['parent'] | TestModule = t.parent; ; p = p.parent) {
    if (p.state() === 'failed') return true;
    if (p.type === 'module') return false;
  }
}

export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed' || (t.options.mode === 'run' && enclosingFailed(t))) failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && m.children.size === 0) failed++;
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
