// Ordering named things by what they depend on: mappings (dependsOn) and plugins (dependsOn).

/** The first dependency cycle among named nodes, as a path that ends where it starts; undefined when there is none. */
export function findCycle(nodes: readonly { name: string; dependsOn: readonly string[] }[]): string[] | undefined {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Orders named nodes so each comes after what it depends on (stable for independent nodes). Assumes no cycle. */
export function dependencyOrder<T extends { name: string; dependsOn?: readonly string[] }>(nodes: readonly T[]): T[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ordered: T[] = [];
  const seen = new Set<string>();
  const visit = (node: T) => {
    if (seen.has(node.name)) return;
    seen.add(node.name);
    for (const dependency of node.dependsOn ?? []) {
      const target = byName.get(dependency);
      if (target) visit(target);
    }
    ordered.push(node);
  };
  nodes.forEach(visit);
  return ordered;
}
