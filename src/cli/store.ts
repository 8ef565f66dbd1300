/** The configured store; a standalone command cannot use the embedded one (it lives inside the bot process). */
import { loadConfig } from '../config';
import { configuredStoreOptions, openStore, type Store } from '../store/cosmos';

export async function configuredStore(): Promise<Store> {
  const config = loadConfig();
  if (!config.COSMOS_ENDPOINT)
    throw new Error(
      'set COSMOS_ENDPOINT (and COSMOS_KEY, or the managed identity): the embedded store lives only inside a running bot',
    );
  return openStore(configuredStoreOptions(config));
}
