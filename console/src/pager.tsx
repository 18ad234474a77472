import { useState } from 'preact/hooks';

/** Where a paged list is: the continue tokens of the pages walked so far; the last is the page shown. */
export function usePages() {
  const [tokens, setTokens] = useState<string[]>([]);
  return {
    token: tokens.at(-1),
    first: () => setTokens([]),
    forward: (next: string) => setTokens([...tokens, next]),
    onFirst: tokens.length === 0,
  };
}

export function Pager({ pages, next }: { pages: ReturnType<typeof usePages>; next?: string }) {
  return (
    <nav aria-label="Pages" class="pager">
      <button type="button" disabled={pages.onFirst} onClick={pages.first}>
        First page
      </button>
      <button type="button" disabled={!next} onClick={() => next && pages.forward(next)}>
        Next page
      </button>
    </nav>
  );
}
