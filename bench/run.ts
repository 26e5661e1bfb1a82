// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and writes BENCHMARKS.md.
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { ROOT, type BenchFigure, type BenchModule } from './harness.js';

const only = process.argv.slice(2);
const files = readdirSync(`${ROOT}bench`)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const sections: string[] = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(`${ROOT}bench/${file}`).href)) as { default: BenchModule };
  process.stdout.write(`# ${mod.default.title} (${file})\n`);
  const figures: BenchFigure[] = await mod.default.run();
  const rows = figures.map((f) => {
    const status = f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED';
    if (f.ok === false) failed = true;
    // NaN: not measured on this machine (the note says why).
    const value = Number.isNaN(f.value)
      ? 'not measured'
      : f.value >= 100
        ? f.value.toFixed(0)
        : f.value.toPrecision(3);
    const shown = Number.isNaN(f.value) ? value : `${value} ${f.unit}`;
    process.stdout.write(`  ${f.name}: ${shown} ${f.target ?? ''} ${status}\n`);
    return `| ${f.name} | ${shown} | ${f.target ?? ''} | ${status} | ${f.note ?? ''} |`;
  });
  sections.push(
    [
      `## ${mod.default.title}`,
      '',
      `\`npm run bench -- ${file.replace('.bench.ts', '')}\``,
      '',
      '| measure | value | target | | note |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (bench/run.ts); do not edit by hand. Inputs come from `../shared/`.',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  `- node: ${process.version}`,
  '',
].join('\n');
if (only.length === 0) writeFileSync(`${ROOT}BENCHMARKS.md`, `${header}\n${sections.join('\n')}`);
else process.stdout.write('(a subset was run: BENCHMARKS.md left unchanged)\n');
process.exitCode = failed ? 1 : 0;
