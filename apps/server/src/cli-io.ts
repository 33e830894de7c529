import type { CliIo } from '@tessera/core';

/** Terminal output for CLI commands: a redrawn progress bar on a TTY, sparse lines otherwise. */
export function createCliIo(): CliIo {
  const tty = process.stderr.isTTY === true;
  let lastPrinted = 0;
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: (label, done, total) => {
      const now = Date.now();
      const finished = total !== null && done >= total;
      if (!finished && now - lastPrinted < (tty ? 100 : 2000)) return;
      lastPrinted = now;
      const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
      const width = 30;
      const bar = pct === null ? '' : `[${'#'.repeat(Math.floor((pct / 100) * width)).padEnd(width, '.')}] ${String(pct).padStart(3)}% `;
      const text = `${label} ${bar}${done.toLocaleString('en-US')}${total ? ` / ${total.toLocaleString('en-US')}` : ''}`;
      if (tty) process.stderr.write(`\r${text}${finished ? '\n' : ''}`);
      else process.stderr.write(`${text}\n`);
    },
  };
}
