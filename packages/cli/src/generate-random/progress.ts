/**
 * A one-line progress bar on stderr for outputs over 1 MiB, drawn only when stderr is a terminal
 * (and not with `--no-progress`). Redrawn when the whole percentage changes; cleared on failure.
 */

export const PROGRESS_THRESHOLD = 1024 * 1024;

export interface Progress {
  update(done: number): void;
  finish(): void;
  clear(): void;
}

const NONE: Progress = { update: () => {}, finish: () => {}, clear: () => {} };

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

export function createProgress(
  write: (text: string) => void,
  total: number,
  options: { readonly enabled: boolean; readonly isTTY: boolean; readonly columns: number },
): Progress {
  if (!options.enabled || !options.isTTY || total <= PROGRESS_THRESHOLD) return NONE;
  let shown = -1;
  const draw = (done: number) => {
    const percent = Math.floor((done * 100) / total);
    if (percent === shown) return;
    shown = percent;
    const label = ` ${String(percent).padStart(3)}% ${mib(done)}/${mib(total)} MiB`;
    const width = Math.max(10, Math.min(40, options.columns - label.length - 4));
    const filled = Math.floor((width * done) / total);
    write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}]${label}`);
  };
  draw(0);
  return {
    update: draw,
    finish: () => {
      draw(total);
      write("\n");
    },
    clear: () => write("\r\u001b[2K"),
  };
}
