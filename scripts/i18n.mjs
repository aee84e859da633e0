// The translation chores, around lit-localize's own tool:
//   node scripts/i18n.mjs            extract the page's messages into xliff/<code>.xlf (keeping every translation
//                                    already there), then build src/locales/<code>.ts from them
//   node scripts/i18n.mjs todo       list the messages that have no translation yet, per language, as JSON
//   node scripts/i18n.mjs apply F    put the translations in F (JSON: { "<code>": { "<id>": "<target>" } }) into
//                                    the xlf files, then build
//   node scripts/i18n.mjs merge A B  take every translation found in the xlf files A, B… (say, both sides of a merge)
// A target is XLIFF text: placeholders stay as the <x id="…" equiv-text="…"/> elements the source shows.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const config = JSON.parse(readFileSync('lit-localize.json', 'utf8'));
const xlf = (code) => `${config.interchange.xliffDir.replace(/\/$/, '')}/${code}.xlf`;
const tool = (cmd) => execFileSync('npx', ['lit-localize', cmd], { stdio: ['ignore', 'ignore', 'inherit'] });
const UNIT = /<trans-unit id="([^"]+)">\n\s*<source>([\s\S]*?)<\/source>(?:\n\s*<target>([\s\S]*?)<\/target>)?/g;

function units(text) {
  return [...text.matchAll(UNIT)].map(([, id, source, target]) => ({ id, source, target }));
}

function setTargets(code, targets) {
  const path = xlf(code);
  const text = readFileSync(path, 'utf8').replace(UNIT, (all, id, source) => {
    const target = targets[id];
    return target === undefined ? all : `<trans-unit id="${id}">\n  <source>${source}</source>\n  <target>${target}</target>`;
  });
  writeFileSync(path, text);
}

const [cmd = 'all', ...args] = process.argv.slice(2);
if (cmd === 'todo') {
  const todo = {};
  for (const code of config.targetLocales) {
    todo[code] = Object.fromEntries(units(readFileSync(xlf(code), 'utf8')).filter((u) => !u.target).map((u) => [u.id, u.source]));
  }
  console.log(JSON.stringify(todo, null, 1));
} else if (cmd === 'apply') {
  const given = JSON.parse(readFileSync(args[0], 'utf8'));
  for (const [code, targets] of Object.entries(given)) setTargets(code, targets);
  tool('build');
} else if (cmd === 'merge') {
  const found = {};
  for (const file of args) {
    const code = /([^/]+)\.xlf$/.exec(file)?.[1];
    // Checked before anything is deleted: the language is read from the file name.
    if (!config.targetLocales.includes(code)) throw new Error(`${file}: name it <code>.xlf, one of ${config.targetLocales.join(', ')}`);
    for (const u of units(readFileSync(file, 'utf8'))) if (u.target) (found[code] ??= {})[u.id] = u.target;
  }
  // A fresh extraction (a merged file can hold a unit twice), then every translation found.
  for (const code of config.targetLocales) rmSync(xlf(code), { force: true });
  tool('extract');
  for (const [code, targets] of Object.entries(found)) setTargets(code, targets);
  tool('build');
} else {
  tool('extract');
  tool('build');
}
