/**
 * Readable item ids from titles: `Checkout API` → `checkout-api`. Accents are dropped (`Überprüfung` →
 * `uberprufung`); a title with no Latin letter or digit (`支払い`) falls back to `issue-<number>`. Ids stay under
 * ID_WORDS_MAX characters, cut at a word boundary, and repeats get `-2`, `-3`, … in tree order, so the same tree
 * always gives the same ids.
 */

/** Readable, well under the schema's 64. */
const ID_WORDS_MAX = 40;

export function slugOf(text: string, max = ID_WORDS_MAX): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (words.length <= max) return words;
  const cut = words.slice(0, max + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, max)).replace(/-+$/, '');
}

/** Hands out unique ids: the title's slug, else `issue-<number>`, with a suffix when taken. */
export class IdAllocator {
  private readonly taken = new Set<string>();

  idFor(title: string, number: number): string {
    const base = slugOf(title) || `issue-${number}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n += 1) id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }
}

/** A plan id from words (a label, a milestone, a repository name): `[a-z0-9][a-z0-9-]{0,63}`. */
export function planIdOf(text: string): string {
  return slugOf(text, 64) || 'imported';
}
