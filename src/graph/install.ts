/**
 * Installs the app in a person's personal scope (TeamsAppInstallation.ReadWriteSelfForUser.All), so the bot can
 * open a 1:1 chat with someone who never talked to it. Logged by the person's object id and Graph's status only.
 */
import type { TokenCredential } from '@azure/identity';
import type { Config } from '../config';
import type { Logger } from '../log';
import { GraphClient, segment } from './client';
import { graphCredential } from './credential';

export type InstallOutcome = 'installed' | 'already' | 'failed';

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GraphAppInstaller {
  constructor(
    private readonly graph: GraphClient,
    private readonly opts: { endpoint: string; catalogId: string; log: Logger },
  ) {}

  /** 201: installed; 409: it already was; anything else (or an id that is no object id): failed. Never throws. */
  async installFor(personId: string): Promise<InstallOutcome> {
    if (!OBJECT_ID.test(personId)) return 'failed';
    const app = `${this.opts.endpoint.replace(/\/+$/, '')}/v1.0/appCatalogs/teamsApps/${this.opts.catalogId}`;
    const r = await this.graph
      .call('installedApps.post', 'POST', `/users/${segment(personId)}/teamwork/installedApps`, {
        body: { 'teamsApp@odata.bind': app },
      })
      .catch((e: Error) => ({ status: 0, code: e.name }));
    const outcome: InstallOutcome =
      r.status === 201 || r.status === 200 ? 'installed' : r.status === 409 ? 'already' : 'failed';
    const entry = { event: 'appInstall', personId, outcome, status: r.status, code: r.code || undefined };
    if (outcome === 'failed') this.opts.log.warn(entry, 'could not install the app for a person');
    else this.opts.log.info(entry, 'Teams app installation for a person');
    return outcome;
  }
}

/** The installer when GRAPH_ENABLED and TEAMS_APP_CATALOG_ID are set; tests pass a credential of their own. */
export function appInstaller(
  config: Config,
  log: Logger,
  credential?: TokenCredential,
): GraphAppInstaller | undefined {
  if (!config.GRAPH_ENABLED) return undefined;
  if (!config.TEAMS_APP_CATALOG_ID) {
    log.warn(
      { event: 'graphInstallsOff' },
      'GRAPH_ENABLED without TEAMS_APP_CATALOG_ID: the app is not installed for people who never chatted with the bot',
    );
    return undefined;
  }
  const graph = new GraphClient({
    endpoint: config.GRAPH_ENDPOINT,
    credential: credential ?? graphCredential(config, 'bot'),
    log,
    timeoutMs: config.CONNECTOR_TIMEOUT_MS,
  });
  return new GraphAppInstaller(graph, {
    endpoint: config.GRAPH_ENDPOINT,
    catalogId: config.TEAMS_APP_CATALOG_ID,
    log,
  });
}
