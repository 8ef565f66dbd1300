/** How the store signs its requests to Cosmos DB (a key, or a Microsoft Entra token), and what it says when it cannot. */
import type https from 'node:https';
import type { ConnectionPolicy, CosmosClientOptions } from '@azure/cosmos';
import {
  AzureCliCredential,
  ChainedTokenCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';

/** A key (a real account, or the embedded server's), or a managed identity's tokens: never both. */
export type CosmosAuth =
  { kind: 'key'; key: string } | { kind: 'identity'; clientId: string; credential: TokenCredential };

/**
 * The user-assigned managed identity with this client id (on Azure), else whoever is signed in with `az login`
 * (an administrator running `escalate directory import` from their own machine): either needs the Cosmos DB
 * Built-in Data Contributor role on the account. No key is involved.
 */
export function identityAuth(clientId: string): CosmosAuth {
  return {
    kind: 'identity',
    clientId,
    credential: new ChainedTokenCredential(
      new ManagedIdentityCredential({ clientId }),
      new AzureCliCredential(),
    ),
  };
}

/** The client's options: the key, or the identity's credential as `aadCredentials` (and then no key at all). */
export function cosmosClientOptions(
  endpoint: string,
  auth: CosmosAuth,
  agent: https.Agent,
  connectionPolicy: Partial<ConnectionPolicy>,
): CosmosClientOptions {
  const common = { endpoint, agent, connectionPolicy };
  return auth.kind === 'key' ? { ...common, key: auth.key } : { ...common, aadCredentials: auth.credential };
}

const TOKEN_ERRORS = new Set([
  'AggregateAuthenticationError',
  'CredentialUnavailableError',
  'AuthenticationError',
]);

/** Why the account could not be opened, naming the endpoint and what to check. */
export function openFailure(endpoint: string, auth: CosmosAuth, e: unknown): Error {
  const err = e as { name?: string; code?: unknown; statusCode?: unknown; message?: string };
  const detail = String(err.message ?? e)
    .split('\n')
    .slice(0, 3)
    .join(' ');
  const status = typeof err.code === 'number' ? err.code : err.statusCode;
  const as = auth.kind === 'identity' ? `managed identity ${auth.clientId}` : 'COSMOS_KEY';
  if (auth.kind === 'identity' && TOKEN_ERRORS.has(err.name ?? ''))
    return new Error(
      `cannot get a Microsoft Entra token for Cosmos DB at ${endpoint} as ${as} ` +
        `(on Azure: is this identity assigned to the app? elsewhere: az login): ${detail}`,
    );
  if (status === 401 || status === 403)
    return new Error(
      `Cosmos DB at ${endpoint} refused ${as} (${status}): ` +
        (auth.kind === 'identity'
          ? 'the identity needs the Cosmos DB Built-in Data Contributor role on the account (infra/azure.bicep assigns it)'
          : 'check COSMOS_KEY'),
    );
  return new Error(`cannot reach Cosmos DB at ${endpoint}: ${detail}`);
}
