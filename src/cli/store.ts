/** The configured store; a standalone command cannot use the embedded one (it lives inside the bot process). */
import { loadConfig } from '../config';
import { openStore, type Store } from '../store/cosmos';

export async function configuredStore(): Promise<Store> {
  const config = loadConfig();
  if (!config.COSMOS_ENDPOINT)
    throw new Error(
      'set COSMOS_ENDPOINT (and COSMOS_KEY): the embedded store lives only inside a running bot',
    );
  return openStore({
    endpoint: config.COSMOS_ENDPOINT,
    key: config.COSMOS_KEY,
    databaseId: config.COSMOS_DATABASE,
  });
}
