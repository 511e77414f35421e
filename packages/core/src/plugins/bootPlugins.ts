import { instanceCachingFactory, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { ErrorCodes, TandemError, errorMessage } from '../errors/TandemError';
import { HostServices, notReady, type HostServicesCore } from '../host/HostServices';
import { LATE_TOKENS, TOKENS } from '../host/tokens';
import { dependencyOrder, findCycle } from '../model/dependencies';
import { PLUGIN, type PluginClass, type TandemPlugin } from './TandemPlugin';
import type { PluginRegistry } from './PluginRegistry';

/** Booted plugins in dependency order, each with its own view of the host. */
export interface BootedPlugins {
  plugins: TandemPlugin[];
  services: Map<TandemPlugin, HostServices>;
}

/**
 * Resolves plugins from the container (each with its own `TOKENS.services` view), checks them fail-fast (a name, a
 * `register` function, no duplicates, every `dependsOn` present, no circle), and lets each register in dependency
 * order. Services a plugin provides enter the container right after its `register`.
 */
export async function bootPlugins(
  container: DependencyContainer,
  registry: PluginRegistry,
  plugins: readonly (PluginClass | TandemPlugin)[],
  core: HostServicesCore,
): Promise<BootedPlugins> {
  // Tokens that exist only after boot fail clearly when a constructor asks for them; the host registers the real ones later.
  for (const name of LATE_TOKENS) container.register(TOKENS[name] as InjectionToken<unknown>, { useFactory: () => { throw notReady(name); } });
  const services = new Map<TandemPlugin, HostServices>();
  const instances = plugins.map((plugin) => {
    const view = new HostServices(core);
    const instance = typeof plugin === 'function' ? construct(container, plugin as PluginClass, view) : plugin;
    if (instance && typeof instance.name === 'string') view.bind(instance.name);
    services.set(instance, view);
    return instance;
  });
  const problems: string[] = [];
  const names = new Set<string>();
  instances.forEach((plugin, index) => {
    if (!plugin || typeof plugin.name !== 'string' || plugin.name.length === 0) problems.push(`plugin #${index + 1} has no name`);
    else if (names.has(plugin.name)) problems.push(`plugin "${plugin.name}" is given more than once`);
    else names.add(plugin.name);
    if (typeof plugin?.register !== 'function') problems.push(`plugin "${plugin?.name ?? `#${index + 1}`}" has no register(registry) method`);
    if (plugin && plugin.ready !== undefined && typeof plugin.ready !== 'function') problems.push(`plugin "${plugin.name}": ready is not a method`);
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
  for (const plugin of instances) core.plugins.set(plugin.name, plugin);
  for (const plugin of ordered) {
    registry.currentPlugin = plugin.name;
    const before = new Set(registry.services.keys());
    await plugin.register(registry);
    container.register(PLUGIN, { useValue: plugin });
    for (const [token, { provider }] of registry.services) {
      if (before.has(token)) continue;
      core.providers.set(token, plugin.name);
      const view = services.get(plugin)!;
      if ('useValue' in provider) container.register(token, { useValue: provider.useValue });
      else container.register(token, { useFactory: instanceCachingFactory(() => provider.useFactory(view)) });
    }
  }
  registry.currentPlugin = '(host)';
  return { plugins: ordered, services };
}

/** The ready phase: each plugin's `ready(services)`, in dependency order, once the host's services all exist. */
export async function readyPlugins(booted: BootedPlugins): Promise<void> {
  for (const plugin of booted.plugins) {
    if (!plugin.ready) continue;
    try {
      await plugin.ready(booted.services.get(plugin)!);
    } catch (error) {
      if (error instanceof TandemError) throw error;
      throw new TandemError(ErrorCodes.PLUGIN_INVALID, `plugin "${plugin.name}": ready() failed: ${errorMessage(error)}`, { cause: error });
    }
  }
}

/** Resolves a plugin class with its own services view; tsyringe's resolution errors become clear Tandem errors. */
function construct(container: DependencyContainer, plugin: PluginClass, view: HostServices): TandemPlugin {
  // Without emitDecoratorMetadata a parameter lacking @inject would silently receive undefined: refuse it here.
  const tokens = (Reflect.getOwnMetadata?.('injectionTokens', plugin) ?? {}) as Record<number, unknown>;
  const bare = Array.from({ length: plugin.length }, (_, i) => i).filter((i) => !(i in tokens));
  if (bare.length > 0) {
    throw new TandemError(
      ErrorCodes.PLUGIN_INVALID,
      `plugin class "${plugin.name}" cannot be constructed: put @inject(TOKEN) on every constructor parameter of ${plugin.name} ` +
        `(and @injectable() on the class); parameter #${bare.join(', #')} has none`,
    );
  }
  const scope = container.createChildContainer();
  scope.register(TOKENS.services, { useValue: view });
  try {
    return scope.resolve(plugin);
  } catch (error) {
    const message = errorMessage(error);
    if (/TypeInfo not known for|unregistered dependency token: "undefined"/.test(message)) {
      throw new TandemError(
        ErrorCodes.PLUGIN_INVALID,
        `plugin class "${plugin.name}" cannot be constructed: put @inject(TOKEN) on every constructor parameter of ${plugin.name} (and @injectable() on the class)`,
        { cause: error },
      );
    }
    const early = /the (\w+) is not available before the host is ready/.exec(message);
    if (early) {
      throw new TandemError(
        ErrorCodes.PLUGIN_INVALID,
        `plugin class "${plugin.name}" injects the ${early[1]}, which is not available before the host is ready; ` +
          'implement ready(services) and take it from there, or inject TOKENS.services and read it later (in taps)',
        { cause: error },
      );
    }
    if (/unregistered dependency token/.test(message)) {
      throw new TandemError(
        ErrorCodes.PLUGIN_INVALID,
        `plugin class "${plugin.name}" cannot be constructed: ${message.split('\n').pop()!.trim()}; register the token in the host's parent container, ` +
          'or, for a service another plugin provides, take it with services.resolve(TOKEN) in ready(services)',
        { cause: error },
      );
    }
    throw error;
  }
}
