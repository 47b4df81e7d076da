/**
 * Colour, decided once and explicitly (picocolors' own guess looks at stdout and argv only): NO_COLOR (any
 * non-empty value, no-color.org) turns it off, FORCE_COLOR (other than 0 or false) turns it on, and otherwise the
 * stream the lines go to decides: a terminal gets colour, a pipe or a file does not.
 */
import { createColors } from 'picocolors';

export type Colors = ReturnType<typeof createColors>;

export function colourWanted(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY;
}

export function colors(enabled: boolean): Colors {
  return createColors(enabled);
}

/** A change line by its first character: `+` green, `~` yellow, `-` and `x` red, `!` bold red; others plain. */
export function colourChangeLine(line: string, c: Colors): string {
  switch (line[0]) {
    case '+':
      return c.green(line);
    case '~':
      return c.yellow(line);
    case '-':
    case 'x':
      return line[1] === ' ' ? c.red(line) : line;
    case '!':
      return c.bold(c.red(line));
    default:
      return line;
  }
}
