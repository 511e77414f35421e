import type { DependencyContainer } from 'tsyringe';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import { dependencyOrder, findCycle } from '../model/dependencies';
import { PLUGIN, type PluginClass, type TandemPlugin } from './TandemPlugin';
import type { PluginRegistry } from './PluginRegistry';

/**
 * Resolves plugins from the container, checks them fail-fast (a name, a `register` function, no duplicates, every
 * `dependsOn` present, no circle), and lets each register in dependency order.
 */
export async function bootPlugins(
  container: DependencyContainer,
  registry: PluginRegistry,
  plugins: readonly (PluginClass | TandemPlugin)[],
): Promise<TandemPlugin[]> {
  const instances = plugins.map((plugin) => (typeof plugin === 'function' ? container.resolve(plugin as PluginClass) : plugin));
  const problems: string[] = [];
  const names = new Set<string>();
  instances.forEach((plugin, index) => {
    if (!plugin || typeof plugin.name !== 'string' || plugin.name.length === 0) problems.push(`plugin #${index + 1} has no name`);
    else if (names.has(plugin.name)) problems.push(`plugin "${plugin.name}" is given more than once`);
    else names.add(plugin.name);
    if (typeof plugin?.register !== 'function') problems.push(`plugin "${plugin?.name ?? `#${index + 1}`}" has no register(registry) method`);
  });
  if (problems.length > 0) throw new TandemError(ErrorCodes.PLUGIN_INVALID, `Invalid plugins: ${problems.join('; ')}`);
  const missing = instances.flatMap((plugin) =>
    (plugin.dependsOn ?? []).filter((d) => !names.has(d)).map((d) => `"${plugin.name}" depends on "${d}", which is not registered`),
  );
  if (missing.length > 0) throw new TandemError(ErrorCodes.PLUGIN_DEPENDENCY_MISSING, `Missing plugin dependencies: ${missing.join('; ')}`);
  const nodes = instances.map((p) => ({ name: p.name, dependsOn: p.dependsOn ?? [], plugin: p }));
  const cycle = findCycle(nodes);
  if (cycle) throw new TandemError(ErrorCodes.PLUGIN_DEPENDENCY_CIRCULAR, `Plugins depend on each other in a circle: ${cycle.join(' → ')}`);
  const ordered = dependencyOrder(nodes).map((n) => n.plugin);
  for (const plugin of ordered) {
    registry.currentPlugin = plugin.name;
    await plugin.register(registry);
    container.register(PLUGIN, { useValue: plugin });
  }
  registry.currentPlugin = '(host)';
  return ordered;
}
