// Config files for tests: the shipped config/config.yaml edited line by line, written into a temporary project.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHIPPED_CONFIG_PATH = join(REPO_ROOT, 'config', 'config.yaml');
export const SHIPPED_CONFIG = readFileSync(SHIPPED_CONFIG_PATH, 'utf8');
export const SAMPLE_DATA_DIR = join(REPO_ROOT, 'data', 'sample', '1h');

/** Replaces the one occurrence of `from` (a test that edits the wrong place must fail loudly). */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: "${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line of the first line that starts with `needle`, indentation aside. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.trimStart().startsWith(needle.trimStart()));
  if (i < 0) throw new Error(`lineOf: "${needle}" not found`);
  return i + 1;
}

const made: string[] = [];

/** A temporary directory holding `files` (relative path → content). */
export async function tempProject(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'algobot-config-'));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return dir;
}

export async function removeTempProjects(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
