// Builds dist/ once before the suite so the end-to-end tests run the real `bin/algobot`, never a stale build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  // For quick iterations on one file: ALGOBOT_SKIP_BUILD=1 npx vitest run FILE (bin tests then use the old dist/).
  if (process.env.ALGOBOT_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
