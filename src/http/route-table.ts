interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/** What the Express router knows: which methods a path has, to tell 405 from 404. */
export class RouteTable {
  /** `router` returns Express 5's router; read late, because Nest adds routes during init. */
  constructor(private readonly router: () => unknown) {}

  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    const stack = (this.router() as { stack?: RouterLayer[] } | undefined)?.stack ?? [];
    for (const layer of stack) {
      if (!layer.route || !layer.match(path)) continue;
      for (const method of Object.keys(layer.route.methods)) if (method !== '_all') methods.add(method.toUpperCase());
    }
    return [...methods].sort();
  }
}
