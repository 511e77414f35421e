import { injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { assignSalespersonCode } from './assignSalespersonCode';
import { PLUGIN_NAME } from './constants';
import { salespersonUserErrors } from './errors';
import { SalespersonCodeSeries } from './SalespersonCodeSeries';
import { DEFAULT_SALESPERSON_USER_OPTIONS, type SalespersonUserOptions } from './SalespersonUserOptions';
import { salespeopleMapping } from './salespeopleMapping';

/**
 * Salespeople from CRM users (mapping `SALESPEOPLE`). Use the class as it is (`plugins: [SalespersonUserPlugin]`) for
 * the defaults, or `SalespersonUserPlugin.withOptions({ noSeries })` for another number series.
 */
@injectable()
export class SalespersonUserPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN];
  #options: SalespersonUserOptions = DEFAULT_SALESPERSON_USER_OPTIONS;
  #services: HostServices | undefined;

  /** A configured instance (pass it in `plugins` instead of the class). */
  static withOptions(options: Partial<SalespersonUserOptions>): SalespersonUserPlugin {
    const plugin = new SalespersonUserPlugin();
    const merged = { ...DEFAULT_SALESPERSON_USER_OPTIONS, ...options };
    if (!merged.noSeries || merged.noSeries.length > 20) throw salespersonUserErrors.optionsInvalid(`noSeries must be a code of 1 to 20 characters, not ${JSON.stringify(merged.noSeries)}`);
    if (!/\d$/.test(merged.startingNo) || merged.startingNo.length > 20) {
      throw salespersonUserErrors.optionsInvalid(`startingNo must end in digits and have at most 20 characters, not ${JSON.stringify(merged.startingNo)}`);
    }
    plugin.#options = merged;
    return plugin;
  }

  register(registry: PluginRegistry): void {
    registry.addMapping(salespeopleMapping);
    assignSalespersonCode(registry, new SalespersonCodeSeries(this.#options), () => this.#requireServices());
  }

  ready(services: HostServices): void {
    this.#services = services;
  }

  #requireServices(): HostServices {
    if (!this.#services) throw new Error('SalespersonUserPlugin used before the host was ready');
    return this.#services;
  }
}
