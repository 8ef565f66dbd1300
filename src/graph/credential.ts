/** Whose token Microsoft Graph gets: the bot's own identity, app-only, in the host tenant. */
import {
  AzureCliCredential,
  ChainedTokenCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Config } from '../config';

/**
 * Under UserAssignedMSI the managed identity (its client id is MicrosoftAppId); else the app registration's secret.
 * The command line (an administrator's `escalate directory import`) falls back to whoever is signed in with
 * `az login` (`--tenant` the host tenant), whose own directory rights then apply.
 */
export function graphCredential(config: Config, where: 'bot' | 'cli'): TokenCredential {
  const tenantId = config.MicrosoftAppTenantId || undefined;
  const cli = () => new AzureCliCredential(tenantId ? { tenantId } : {});
  if (config.MicrosoftAppType === 'UserAssignedMSI' && config.MicrosoftAppId) {
    const identity = new ManagedIdentityCredential({ clientId: config.MicrosoftAppId });
    return where === 'cli' ? new ChainedTokenCredential(identity, cli()) : identity;
  }
  if (config.MicrosoftAppId && config.MicrosoftAppPassword && tenantId)
    return new ClientSecretCredential(tenantId, config.MicrosoftAppId, config.MicrosoftAppPassword);
  if (where === 'cli') return cli();
  throw new Error(
    'GRAPH_ENABLED needs the bot’s identity: MicrosoftAppType=UserAssignedMSI with MicrosoftAppId, or MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId',
  );
}
